import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { PointOfView } from './point-of-view.js';

/** Where a bitemporal read model keeps its facts, and the column naming their stream. */
export interface FactTable {
  readonly table: string;
  readonly idColumn: string;
}

/** A view's bookkeeping: its stream's latest fact known at `knownAt`. */
export interface KnownFact {
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: string;
}

/**
 * Adds `known_revision` to each version row (aliased `v`): its stream's latest revision recorded by
 * `knownAt`, read in the same statement as the version. Read apart, a batch committed in between made
 * the revision — a view's ETag — newer than the state shown, and an If-Match on it would pass a write
 * whose author never saw the change. As known now, the open rows are those of the read model when the
 * statement runs, which may hold a fact recorded after the request began: the revision is then the
 * latest too, so that row and revision always belong together.
 */
export function withKnownRevision<DB, TB extends keyof DB, O>({ table, idColumn }: FactTable, query: SelectQueryBuilder<DB, TB, O>, view: PointOfView) {
  const known = view.currentKnowledge ? sql`` : sql` and f.recorded_at <= ${view.knownAt}`;
  return query.select(
    sql<number | string>`(select f.revision from ${sql.table(table)} as f where ${sql.ref(`f.${idColumn}`)} = ${sql.ref(`v.${idColumn}`)}${known} order by f.revision desc limit 1)`.as(
      'known_revision',
    ),
  );
}

/**
 * The facts at the revisions the rows name (`withKnownRevision`), by stream id: read for the rows of a page
 * only, after they were found through the versions' indexes. Facts are never changed, so the second
 * statement cannot disagree with the first.
 */
export async function knownFacts(db: Kysely<unknown>, { table, idColumn }: FactTable, rows: readonly { readonly id: string; readonly knownRevision: number }[]): Promise<Map<string, KnownFact>> {
  const known = new Map<string, KnownFact>();
  if (rows.length === 0) return known;
  const facts = await (db as Kysely<Record<string, Record<string, string | number>>>)
    .selectFrom(table)
    .select([idColumn, 'revision', 'position', 'recorded_at'])
    .where(idColumn, 'in', rows.map((row) => row.id))
    .where('revision', 'in', [...new Set(rows.map((row) => row.knownRevision))])
    .execute();
  const wanted = new Map(rows.map((row) => [row.id, row.knownRevision]));
  for (const fact of facts) {
    const id = String(fact[idColumn]);
    if (Number(fact.revision) === wanted.get(id)) known.set(id, { revision: Number(fact.revision), position: Number(fact.position), recordedAt: String(fact.recorded_at) });
  }
  return known;
}

/**
 * The log position an answer reflects: the last fact recorded by its `knownAt`, or a later one that a view
 * as known now shows (a batch applied while the request ran), so that no item is newer than its answer.
 */
export function reflectedPosition(logPosition: number, items: readonly { readonly position: number }[]): number {
  return items.reduce((highest, item) => Math.max(highest, item.position), logPosition);
}
