import { sql, type Kysely, type Selectable } from 'kysely';
import type { Snapshot } from '../timeline/stream-timeline.js';
import { knownFacts, withKnownRevision, type FactTable, type KnownFact } from '../timeline/known-revision.js';
import { atPointOfView, keysetPage, lastPositionKnownAt, type KeysetCursor, type PointOfView } from '../timeline/point-of-view.js';
import type { StreamReadModel } from './stream-read-model.js';
import type { StreamTables, StreamVersionRow } from './stream-tables.js';

/** A stream's state as a view shows it, with the bookkeeping of its latest fact known at `knownAt`. */
export interface StreamView<Snap> {
  readonly id: string;
  readonly snapshot: Snap;
  /** World time of the latest fact that had happened by `asOf`. */
  readonly latestOccurredAt: string;
  /** System time of the latest fact recorded by `knownAt`. */
  readonly updatedAt: string;
  /** The stream revision as known at `knownAt`: its ETag. */
  readonly revision: number;
  /** Log position of that latest fact. */
  readonly position: number;
}

/** A view as the API answers it: the id, the snapshot's fields, then the bookkeeping. */
export type FlatView<Snap> = { readonly id: string } & Snap & Omit<StreamView<Snap>, 'id' | 'snapshot'>;

export function flatView<Snap>({ id, snapshot, ...bookkeeping }: StreamView<Snap>): FlatView<Snap> {
  return { id, ...snapshot, ...bookkeeping };
}

/** A list's filters: per column, or per key kind, the values any of which matches; filters combine with AND. */
export interface StreamFilter {
  readonly columns?: Readonly<Record<string, readonly string[] | undefined>>;
  readonly keys?: Readonly<Record<string, readonly string[] | undefined>>;
}

/** A list's order: a column of the model (or `id`), ties broken by id. */
export interface StreamSort {
  readonly column: string;
  readonly descending: boolean;
}

export interface StreamPage<Snap> {
  readonly items: StreamView<Snap>[];
  /** Where the next page starts, when one follows. */
  readonly next: KeysetCursor | undefined;
}

/**
 * The questions every stream view answers, each an indexed look-up on the bitemporal rows: a stream's
 * version valid at `asOf` and known at `knownAt`, with its latest fact known at `knownAt`.
 */
export class StreamQueries<Snap extends Snapshot> {
  private readonly db: Kysely<StreamTables>;

  constructor(
    db: Kysely<unknown>,
    private readonly model: StreamReadModel<Snap>,
  ) {
    this.db = db as Kysely<StreamTables>;
  }

  /** The log position a view known at `knownAt` reflects: the last fact of this model recorded by then (0 when none). */
  logPosition(view: PointOfView): Promise<number> {
    return lastPositionKnownAt(this.db as Kysely<unknown>, this.model.names.facts, view);
  }

  async get(id: string, view: PointOfView): Promise<StreamView<Snap> | undefined> {
    const row = await this.versionsAt(view).where('v.stream_id', '=', id).executeTakeFirst();
    return row && (await this.withBookkeeping([row]))[0];
  }

  /** The versions of several streams at the view (those that exist then), in id order. */
  async many(ids: readonly string[], view: PointOfView): Promise<StreamView<Snap>[]> {
    if (ids.length === 0) return [];
    return this.withBookkeeping(await this.versionsAt(view).where('v.stream_id', 'in', ids).orderBy('v.stream_id').execute());
  }

  /** The streams that had a key of `kind` with one of `values` in any version (e.g. the reviews that ever assessed a goal). */
  async streamsWithKey(kind: string, values: readonly string[]): Promise<string[]> {
    if (values.length === 0) return [];
    const rows = await this.db.selectFrom(this.model.names.keys).select('stream_id').distinct().where('kind', '=', kind).where('value', 'in', values).execute();
    return rows.map((row) => row.stream_id);
  }

  /** One page, keyset-paginated after `after`; a row more than `limit` tells whether another page follows. */
  async list(filter: StreamFilter, sort: StreamSort, after: KeysetCursor | undefined, limit: number, view: PointOfView): Promise<StreamPage<Snap>> {
    const rows = await this.listQuery(filter, sort, after, limit + 1, view).execute();
    const items = await this.withBookkeeping(rows.slice(0, limit));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, next: last && { value: sort.column === 'id' ? last.stream_id : String((last as Record<string, unknown>)[sort.column]), id: last.stream_id } };
  }

  /** The query behind `list`, for its plan to be checked. */
  listQuery(filter: StreamFilter, sort: StreamSort, after: KeysetCursor | undefined, limit: number, view: PointOfView) {
    let query = this.versionsAt(view);
    for (const [column, values] of Object.entries(filter.columns ?? {})) {
      if (!this.model.columnNames.includes(column)) throw new TypeError(`${this.model.name} has no column ${column}`);
      if (values && values.length > 0) query = query.where(sql.ref(`v.${column}`), 'in', values);
    }
    const keys = this.model.names.keys;
    for (const [kind, values] of Object.entries(filter.keys ?? {})) {
      if (!values || values.length === 0) continue;
      // The key rows of exactly this version: same stream, same start in both times.
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom(`${keys} as k`)
            .select('k.stream_id')
            .whereRef('k.stream_id', '=', 'v.stream_id')
            .whereRef('k.recorded_from', '=', 'v.recorded_from')
            .whereRef('k.valid_from', '=', 'v.valid_from')
            .where('k.kind', '=', kind)
            .where('k.value', 'in', values),
        ),
      );
    }
    const column = sort.column === 'id' ? 'v.stream_id' : `v.${sort.column}`;
    return keysetPage(query, { column, id: 'v.stream_id', descending: sort.descending }, after, limit);
  }

  private get facts(): FactTable {
    return { table: this.model.names.facts, idColumn: 'stream_id' };
  }

  /** Versions valid at `asOf` and known at `knownAt`, as `v`, each with its stream's revision known then. */
  versionsAt(view: PointOfView) {
    const versions = atPointOfView(this.db.selectFrom(`${this.model.names.versions} as v`).selectAll('v'), view);
    return withKnownRevision(this.facts, versions, view);
  }

  /** Each stream's latest fact known at `knownAt`, at the revision its row was read with. */
  private async withBookkeeping(rows: readonly (Selectable<StreamVersionRow> & { known_revision: number | string })[]): Promise<StreamView<Snap>[]> {
    const known = await knownFacts(this.db as Kysely<unknown>, this.facts, rows.map((row) => ({ id: row.stream_id, knownRevision: Number(row.known_revision) })));
    return rows.map((row) => {
      // A version is written with the fact that made it, so every row has one.
      const stream = known.get(row.stream_id) as KnownFact;
      return {
        id: row.stream_id,
        snapshot: JSON.parse(row.snapshot) as Snap,
        latestOccurredAt: row.valid_from,
        updatedAt: stream.recordedAt,
        revision: stream.revision,
        position: stream.position,
      };
    });
  }
}
