import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import type { CompiledQuery, Kysely } from 'kysely';
import type { RecordedFact } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { ApplyContext } from '../read-model.js';
import { groupedBy } from './grouped-by.js';
import { END_OF_TIME, resumesFrom, type TimelineChanges, type TimelineStart, type TimelineTail, type Version } from './stream-timeline.js';

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
  readonly streamId: string;
  readonly revision: number;
  add(fact: RecordedFact): void;
  takeChanges(): TimelineChanges;
  tail(): TimelineTail<unknown> | undefined;
}
type AnyTables = Record<string, Row>;

/**
 * A batch of one bitemporal read model: its events, the stream each belongs to, and what the worker's
 * `ApplyContext` gives (its memory, and `committed`: the batch may be folded while the one before it commits).
 */
export interface TimelineBatch extends Pick<ApplyContext<unknown>, 'memory' | 'committed'> {
  readonly events: readonly RecordedEvent[];
  readonly idOf: (event: RecordedEvent) => string;
}

/** What a batch writes: the events new to their streams (for the fact rows) and the version rows that changed. */
export interface FoldedBatch {
  readonly folded: RecordedEvent[];
  readonly upserted: Version[];
  readonly inserted: Version[];
  readonly deletes: CompiledQuery[];
}

/**
 * Everything a bitemporal read model does with a batch, whatever its tables are called: find the touched
 * streams' timelines (`loadTimelines`), fold the events new to them, take the rows that changed, and
 * remember the tails for the next batch.
 */
export async function foldIntoTimelines<DB, State, OpenRow>(
  db: Kysely<DB>,
  tables: TimelineTables,
  batch: TimelineBatch,
  timelineOf: (id: string, start: TimelineStart<State>) => FoldingTimeline,
  rowsOf: (open: OpenRow[]) => Version[],
): Promise<FoldedBatch> {
  const timelines = await loadTimelines(db, tables, batch, timelineOf, rowsOf);
  const folded = await foldBatch(batch.events, timelines, batch.idOf);
  const changes = takeTimelineChanges(db, tables, timelines.values());
  rememberTails(batch.memory, timelines.values());
  return { folded, ...changes };
}

/**
 * How many streams' tails a read model remembers between batches. A rebuild visits streams round-robin
 * over years (a goal's events are spread across the whole log), so this holds every stream of a large
 * programme (the million-event world has 29,410 goals; a goal's tail takes a few KiB); beyond it the
 * least recently folded streams are loaded again.
 */
export const REMEMBERED_TAILS = 50_000;

/**
 * The timelines of the streams a batch touches. A stream remembered from an earlier batch of this worker
 * (`memory`, kept by the worker and dropped when a commit fails) starts from its tail when every new
 * fact of the batch appends at the end of world time; the others are loaded with two queries for the
 * whole batch, grouped by stream once. Reloading each goal's history per batch cost a rebuild more than
 * all its writes. Those queries wait for the batch still committing only when it holds one of the
 * streams to load (a backdated fact, a stream with no rows); streams new to a rebuild load at once.
 */
async function loadTimelines<DB, State, OpenRow>(
  database: Kysely<DB>,
  tables: TimelineTables,
  batch: TimelineBatch,
  timelineOf: (id: string, start: TimelineStart<State>) => FoldingTimeline,
  rowsOf: (open: OpenRow[]) => Version[],
): Promise<Map<string, FoldingTimeline>> {
  const remembered = batch.memory as Map<string, TimelineTail<State>>;
  const timelines = new Map<string, FoldingTimeline>();
  const toLoad: string[] = [];
  const logStreams = new Set<string>();
  for (const [streamId, events] of groupedBy(batch.events, batch.idOf)) {
    const tail = remembered.get(streamId);
    if (tail && resumesFrom(tail, events.map(factOf))) {
      timelines.set(streamId, timelineOf(streamId, { tail }));
      continue;
    }
    toLoad.push(streamId);
    for (const event of events) logStreams.add(event.stream);
  }
  if (toLoad.length === 0) return timelines;
  await batch.committed(logStreams);
  const db = database as unknown as Kysely<AnyTables>;
  const id = tables.idColumn;
  const [facts, open] = await Promise.all([
    db.selectFrom(tables.facts).select([id, ...FOLDED_FACT_COLUMNS]).where(id, 'in', toLoad).orderBy(id).orderBy('revision').execute(),
    db.selectFrom(tables.versions).selectAll().where(id, 'in', toLoad).where('recorded_to', '=', END_OF_TIME).execute(),
  ]);
  const factsOf = groupedBy(facts, (row) => row[id] as string);
  const openOf = groupedBy(open, (row) => row[id] as string);
  for (const streamId of toLoad) {
    const stored = rowsOf((openOf.get(streamId) ?? []) as OpenRow[]);
    timelines.set(streamId, timelineOf(streamId, { facts: (factsOf.get(streamId) ?? []).map((row) => factOfRow(row as unknown as FoldedFactRow)), stored }));
  }
  return timelines;
}

/**
 * Remembers the timelines' tails for the next batch, most recently folded last, and forgets the least
 * recently folded streams beyond `REMEMBERED_TAILS`. Call once the batch's changes were taken.
 */
export function rememberTails(memory: Map<string, unknown>, timelines: Iterable<FoldingTimeline>, limit = REMEMBERED_TAILS): void {
  for (const timeline of timelines) {
    memory.delete(timeline.streamId);
    const tail = timeline.tail();
    if (tail) memory.set(timeline.streamId, tail);
  }
  for (const streamId of memory.keys()) {
    if (memory.size <= limit) break;
    memory.delete(streamId);
  }
}

/** Events folded between two turns of the event loop: a rebuild's batch of 2,000 goal events folds for tens of milliseconds. */
const FOLDED_PER_TURN = 250;

/**
 * Folds a batch into its streams' timelines and returns the events that were new to them. Events carry
 * their stream revision: one applied before (a redelivered batch) changes nothing. Requests are served
 * every `FOLDED_PER_TURN` events; nothing else touches these timelines meanwhile.
 */
async function foldBatch(events: readonly RecordedEvent[], timelines: ReadonlyMap<string, FoldingTimeline>, idOf: (event: RecordedEvent) => string): Promise<RecordedEvent[]> {
  const folded: RecordedEvent[] = [];
  for (const [i, event] of events.entries()) {
    if (i > 0 && i % FOLDED_PER_TURN === 0) await eventLoopTurn();
    const timeline = timelines.get(idOf(event)) as FoldingTimeline;
    if (event.revision <= timeline.revision) continue;
    timeline.add(factOf(event));
    folded.push(event);
  }
  return folded;
}

/** The rows the timelines changed since the last call: versions to upsert (new and closed) and the deletes to run first. */
function takeTimelineChanges<DB>(
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
