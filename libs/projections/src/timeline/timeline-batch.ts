import type { CompiledQuery, Kysely } from 'kysely';
import type { RecordedFact } from '#domain';
import type { RecordedEvent } from '#event-store';
import { END_OF_TIME, type TimelineChanges, type Version } from './stream-timeline.js';

/** Where a bitemporal read model keeps one aggregate's streams: its fact and version tables, and their stream column. */
export interface TimelineTables {
  readonly facts: string;
  readonly versions: string;
  /** `stream_id` in the generic stream read models, `goal_id` in goals. */
  readonly idColumn: string;
  /** Tables keyed like the versions whose rows go with a deleted version (a stream model's keys). */
  readonly alongVersions?: readonly string[];
}

/** The fact columns a timeline folds (`factOfRow`): a batch reloads the histories of its streams, so no more. */
export const FOLDED_FACT_COLUMNS = ['revision', 'type', 'data', 'occurred_at', 'recorded_at'] as const;

type Row = Record<string, unknown>;

/** What a batch needs of a stream's timeline (`StreamTimeline` of any aggregate). */
export interface FoldingTimeline {
  readonly revision: number;
  add(fact: RecordedFact): void;
  takeChanges(): TimelineChanges;
}
type AnyTables = Record<string, Row>;

/**
 * The streams' facts and their rows still open in system time, as timelines to fold a batch into: two
 * queries for the whole batch, grouped by stream once.
 */
export async function loadTimelines<DB, Timeline, OpenRow>(
  database: Kysely<DB>,
  tables: TimelineTables,
  ids: readonly string[],
  timelineOf: (id: string, facts: RecordedFact[], open: OpenRow[]) => Timeline,
): Promise<Map<string, Timeline>> {
  const db = database as unknown as Kysely<AnyTables>;
  const id = tables.idColumn;
  const [facts, open] = await Promise.all([
    db.selectFrom(tables.facts).select([id, ...FOLDED_FACT_COLUMNS]).where(id, 'in', ids).orderBy(id).orderBy('revision').execute(),
    db.selectFrom(tables.versions).selectAll().where(id, 'in', ids).where('recorded_to', '=', END_OF_TIME).execute(),
  ]);
  const factsOf = groupedBy(facts, (row) => row[id] as string);
  const openOf = groupedBy(open, (row) => row[id] as string);
  return new Map(ids.map((streamId) => [streamId, timelineOf(streamId, (factsOf.get(streamId) ?? []).map((row) => factOfRow(row as unknown as FoldedFactRow)), (openOf.get(streamId) ?? []) as OpenRow[])]));
}

/**
 * Folds a batch into its streams' timelines and returns the events that were new to them. Events carry
 * their stream revision: one applied before (a redelivered batch) changes nothing.
 */
export function foldBatch(events: readonly RecordedEvent[], timelines: ReadonlyMap<string, FoldingTimeline>, idOf: (event: RecordedEvent) => string): RecordedEvent[] {
  const folded: RecordedEvent[] = [];
  for (const event of events) {
    const timeline = timelines.get(idOf(event)) as FoldingTimeline;
    if (event.revision <= timeline.revision) continue;
    timeline.add(factOf(event));
    folded.push(event);
  }
  return folded;
}

/** The rows the timelines changed since the last call: versions to upsert (new and closed) and the deletes to run first. */
export function takeTimelineChanges<DB>(
  database: Kysely<DB>,
  tables: TimelineTables,
  timelines: Iterable<FoldingTimeline>,
): { readonly upserted: Version[]; readonly inserted: Version[]; readonly deletes: CompiledQuery[] } {
  const db = database as unknown as Kysely<AnyTables>;
  const upserted: Version[] = [];
  const inserted: Version[] = [];
  const deletes: CompiledQuery[] = [];
  for (const timeline of timelines) {
    const changes = timeline.takeChanges();
    inserted.push(...changes.inserted);
    upserted.push(...changes.inserted, ...changes.closed.map(({ row, recordedTo }) => ({ ...row, recordedTo })));
    for (const row of changes.deleted) {
      for (const table of [tables.versions, ...(tables.alongVersions ?? [])]) {
        deletes.push(
          db.deleteFrom(table).where(tables.idColumn, '=', row.streamId).where('recorded_from', '=', row.recordedFrom).where('valid_from', '=', row.validFrom).compile(),
        );
      }
    }
  }
  return { upserted, inserted, deletes };
}

export function factOf(event: RecordedEvent): RecordedFact {
  const { revision, type, data } = event;
  return { revision, type, data, occurredAt: event.metadata.occurredAt, recordedAt: event.metadata.recordedAt };
}

/** The columns of a fact row a timeline folds, as every bitemporal read model's fact table has them. */
export interface FoldedFactRow {
  readonly revision: number;
  readonly type: string;
  /** The data upcast to the current schema version, as JSON. */
  readonly data: string;
  readonly occurred_at: string;
  readonly recorded_at: string;
}

export function factOfRow(row: FoldedFactRow): RecordedFact {
  return { revision: row.revision, type: row.type, data: JSON.parse(row.data) as Record<string, unknown>, occurredAt: row.occurred_at, recordedAt: row.recorded_at };
}

/**
 * The rows of each stream, in their order. A batch touches up to a thousand streams: picking each one's
 * rows out of the whole result with a filter per stream cost more than the rest of a rebuild.
 */
export function groupedBy<Row>(rows: readonly Row[], idOf: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(idOf(row));
    if (group) group.push(row);
    else groups.set(idOf(row), [row]);
  }
  return groups;
}
