import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { END_OF_TIME } from './stream-timeline.js';

/**
 * The point of view of a query: world time `asOf` (what had happened by then) and system time `knownAt`
 * (what had been recorded by then), both instants. `current` marks the defaults (now, now), which the
 * queries answer through the open ends of the intervals — the same rows, found by equality.
 */
export interface PointOfView {
  readonly asOf: string;
  readonly knownAt: string;
  readonly currentWorld: boolean;
  readonly currentKnowledge: boolean;
}

/** The default point of view: as of now, as known now. */
export function currentView(now: Date): PointOfView {
  const instant = now.toISOString();
  return { asOf: instant, knownAt: instant, currentWorld: true, currentKnowledge: true };
}

/**
 * Narrows a query over bitemporal rows (aliased `alias`) to those valid at `asOf` and known at `knownAt`.
 * The defaults (now, now) are the open ends: the same rows, found by equality on the current indexes.
 */
export function atPointOfView<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, view: PointOfView, alias = 'v'): SelectQueryBuilder<DB, TB, O> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  let narrowed = view.currentKnowledge ? query.where(ref('recorded_to'), '=', END_OF_TIME) : query.where(ref('recorded_from'), '<=', view.knownAt).where(ref('recorded_to'), '>', view.knownAt);
  if (view.currentWorld) return narrowed.where(ref('valid_to'), '=', END_OF_TIME);
  const asOf = openEndAware(view.asOf);
  return narrowed.where(ref('valid_from'), '<=', asOf).where(ref('valid_to'), '>', asOf);
}

/**
 * END_OF_TIME is both the open end of an interval and the last instant the API takes (9999-12-31, end of
 * day): asked as of it, a row still open would not be valid, so that instant is asked as the one before.
 */
function openEndAware(instant: string): string {
  return instant < END_OF_TIME ? instant : BEFORE_END_OF_TIME;
}

const BEFORE_END_OF_TIME = new Date(Date.parse(END_OF_TIME) - 1).toISOString();

/** How a list is ordered: by a column, ties by the id column, in one direction. */
export interface KeysetOrder {
  readonly column: string;
  readonly id: string;
  readonly descending: boolean;
}

/** Where a page ends: the sort value and id of its last item. */
export interface KeysetCursor {
  readonly value: string;
  readonly id: string;
}

/** The page after `after` in `order` (sort column, then id), with `limit` rows. */
export function keysetPage<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, order: KeysetOrder, after: KeysetCursor | undefined, limit: number): SelectQueryBuilder<DB, TB, O> {
  const [column, id] = [sql.ref(order.column), sql.ref(order.id)];
  const direction = order.descending ? 'desc' : 'asc';
  const byId = order.column === order.id;
  let page = query;
  if (after) {
    const beyond = order.descending ? '<' : '>';
    page = byId
      ? page.where(id, beyond, after.id)
      : page.where((eb) => eb.or([eb(column, beyond, after.value), eb.and([eb(column, '=', after.value), eb(id, beyond, after.id)])]));
  }
  if (!byId) page = page.orderBy(column, direction);
  return page.orderBy(id, direction).limit(limit);
}

/**
 * The log position a view known at `knownAt` reflects: the last fact in `facts` (a table of rows with
 * `position` and `recorded_at`) recorded by then, 0 when none.
 */
export async function lastPositionKnownAt(db: Kysely<unknown>, facts: string, view: PointOfView): Promise<number> {
  const row = await (db as Kysely<Record<string, { position: number | string; recorded_at: string }>>)
    .selectFrom(facts)
    .select('position')
    .where('recorded_at', '<=', view.knownAt)
    .orderBy('recorded_at', 'desc')
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  return Number(row?.position ?? 0);
}
