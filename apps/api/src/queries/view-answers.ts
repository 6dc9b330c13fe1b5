import { flatView, reflectedPosition, type FlatView, type KeysetCursor, type PointOfView, type Snapshot, type StreamPage, type StreamQueries } from '#projections';

/** One stream's view and the log position it reflects. */
export interface ViewAnswer<T> {
  readonly item: T;
  readonly logPosition: number;
}

/** A page of views, where the next one starts, and the log position they reflect. */
export interface PageAnswer<T> {
  readonly items: T[];
  readonly next: KeysetCursor | undefined;
  readonly logPosition: number;
}

/** The stream's view at the point of view, or the error `notFound` gives when it did not exist then (as known then). */
export async function oneView<Snap extends Snapshot>(queries: StreamQueries<Snap>, id: string, view: PointOfView, notFound: () => Error): Promise<ViewAnswer<FlatView<Snap>>> {
  const [found, logPosition] = await Promise.all([queries.get(id, view), queries.logPosition(view)]);
  if (!found) throw notFound();
  return { item: flatView(found), logPosition: reflectedPosition(logPosition, [found]) };
}

/** A page the queries found, with the log position of the same point of view. */
export async function pageOfViews<Snap extends Snapshot>(queries: StreamQueries<Snap>, page: Promise<StreamPage<Snap>>, view: PointOfView): Promise<PageAnswer<FlatView<Snap>>> {
  const [{ items, next }, logPosition] = await Promise.all([page, queries.logPosition(view)]);
  return { items: items.map(flatView), next, logPosition: reflectedPosition(logPosition, items) };
}
