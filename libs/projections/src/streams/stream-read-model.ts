import type { CompiledQuery, Insertable, Kysely, Selectable } from 'kysely';
import { isCorrection, streamIdOf, type Decider, type DomainCommand, type DomainEvent, type RecordedFact } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { EventKind, ReadModel } from '../read-model.js';
import { insertRows, upsertRows } from '../store/sql-helpers.js';
import { END_OF_TIME, StreamTimeline, type Snapshot, type SnapshotOf, type Version } from '../timeline/stream-timeline.js';
import { createStreamIndexes, createStreamTables, tableNamesOf, type StreamFactRow, type StreamKeyRow, type StreamTableNames, type StreamTables, type StreamVersionRow } from './stream-tables.js';

/** A field of the snapshot kept in a column of its own, for lists to filter and sort on. */
export interface StreamColumn<Snap> {
  readonly name: string;
  value(snapshot: Snap): string | null;
}

/** One value of a multi-valued field (`['phase', 'kekiz/model']`): lists filter on it with an EXISTS. */
export type StreamKey = readonly [kind: string, value: string];

/** What makes one aggregate's streams a bitemporal read model: everything else is the same for all. */
export interface StreamViewSpec<Event extends DomainEvent, State, Snap extends Snapshot> {
  readonly name: string;
  readonly version: number;
  /** Prefix of the tables: `programme` gives `programme_facts`, `programme_versions`, `programme_keys`. */
  readonly prefix: string;
  readonly decider: Pick<Decider<DomainCommand, Event, State>, 'category' | 'evolve' | 'initialState'>;
  /** The aggregate's event types (its catalogue entries); corrections of them are folded too. */
  readonly events: Readonly<Record<string, unknown>>;
  /** The snapshot a version row stores, keys in a fixed order (it is compared serialised). */
  readonly snapshotOf: SnapshotOf<State>;
  readonly columns: readonly StreamColumn<Snap>[];
  readonly keys?: (snapshot: Snap) => readonly StreamKey[];
}

/** A stream read model's definition with the names its queries need. */
export interface StreamReadModel<Snap extends Snapshot> extends ReadModel {
  readonly names: StreamTableNames;
  readonly columnNames: readonly string[];
  /** Only for the type of the snapshots its queries answer with. */
  readonly snapshotType?: Snap;
}

/**
 * The bitemporal read model of one aggregate, as the goals read model keeps goals: each stream's facts (its
 * history) and its versions in world time × system time, folded with the aggregate's own `evolve` through
 * the corrected history by a `StreamTimeline`. A batch loads the timelines of the streams it touches,
 * folds each new fact into them and writes the rows that changed.
 */
export function streamReadModel<Event extends DomainEvent, State, Snap extends Snapshot>(spec: StreamViewSpec<Event, State, Snap>): StreamReadModel<Snap> {
  const names = tableNamesOf(spec.prefix);
  const columnNames = spec.columns.map((column) => column.name);
  const idOf = (event: Pick<RecordedEvent, 'stream'>): string => streamIdOf(spec.decider.category, event.stream) ?? '';
  const handles = (event: EventKind): boolean =>
    streamIdOf(spec.decider.category, event.stream) !== undefined && (Object.hasOwn(spec.events, event.type) || isCorrection(event.type));
  const rows = rowMapping(spec);
  return {
    name: spec.name,
    version: spec.version,
    tables: [names.facts, names.versions, names.keys],
    names,
    columnNames,
    handles,
    createTables: (db, table) => createStreamTables(db, table, names, columnNames),
    createIndexes: (db, table) => createStreamIndexes(db, table, names, columnNames),
    async apply(events, context) {
      // The tables' names depend on the prefix, so they are typed as any stream read model's.
      const db = context.db as unknown as Kysely<StreamTables>;
      const timelines = await loadTimelines(db, names, [...new Set(events.map(idOf))], (id, facts, open) => new StreamTimeline(spec.decider, spec.snapshotOf, id, facts, open.map(rows.versionOf)));
      const facts: Insertable<StreamFactRow>[] = [];
      for (const event of events) {
        const timeline = timelines.get(idOf(event)) as StreamTimeline<Event, State>;
        // Events carry their stream revision: one applied before (a redelivered batch) changes nothing.
        if (event.revision <= timeline.revision) continue;
        timeline.add(factOf(event));
        facts.push(factRow(idOf(event), event));
      }
      const versions: Insertable<StreamVersionRow>[] = [];
      const keys: Insertable<StreamKeyRow>[] = [];
      const deletes: CompiledQuery[] = [];
      for (const timeline of timelines.values()) {
        const { inserted, closed, deleted } = timeline.takeChanges();
        versions.push(...inserted.map(rows.versionRow), ...closed.map(({ row, recordedTo }) => rows.versionRow({ ...row, recordedTo })));
        keys.push(...inserted.flatMap(rows.keyRows));
        for (const row of deleted) {
          for (const name of [names.versions, names.keys]) {
            deletes.push(db.deleteFrom(name).where('stream_id', '=', row.streamId).where('recorded_from', '=', row.recordedFrom).where('valid_from', '=', row.validFrom).compile());
          }
        }
      }
      return [
        ...deletes,
        ...insertRows(db, names.facts, facts),
        ...upsertRows(db, names.versions, ['stream_id', 'recorded_from', 'valid_from'], versions),
        ...insertRows(db, names.keys, keys),
      ];
    },
  };
}

/** How versions become rows and back. */
function rowMapping<Snap extends Snapshot>(spec: Pick<StreamViewSpec<DomainEvent, unknown, Snap>, 'columns' | 'keys'>) {
  return {
    versionRow(version: Version): Insertable<StreamVersionRow> {
      const snapshot = version.snapshot as Snap;
      const columns = Object.fromEntries(spec.columns.map((column) => [column.name, column.value(snapshot)]));
      return {
        stream_id: version.streamId,
        recorded_from: version.recordedFrom,
        recorded_to: version.recordedTo,
        valid_from: version.validFrom,
        valid_to: version.validTo,
        snapshot: JSON.stringify(snapshot),
        ...columns,
      };
    },
    keyRows(version: Version): Insertable<StreamKeyRow>[] {
      const keys = spec.keys?.(version.snapshot as Snap) ?? [];
      const unique = [...new Map(keys.map(([kind, value]) => [`${kind}\n${value}`, [kind, value] as const])).values()];
      return unique.map(([kind, value]) => ({ stream_id: version.streamId, recorded_from: version.recordedFrom, valid_from: version.validFrom, kind, value }));
    },
    versionOf(row: Selectable<StreamVersionRow>): Version {
      return {
        streamId: row.stream_id,
        snapshot: JSON.parse(row.snapshot) as Snapshot,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        recordedFrom: row.recorded_from,
        recordedTo: row.recorded_to,
      };
    },
  };
}

/** The streams' facts and their rows still open in system time, as timelines to fold a batch into. */
async function loadTimelines<Timeline>(
  db: Kysely<StreamTables>,
  names: StreamTableNames,
  ids: readonly string[],
  timelineOf: (id: string, facts: RecordedFact[], open: Selectable<StreamVersionRow>[]) => Timeline,
): Promise<Map<string, Timeline>> {
  const [facts, open] = await Promise.all([
    db.selectFrom(names.facts).select(['stream_id', ...FOLDED_FACT_COLUMNS]).where('stream_id', 'in', ids).orderBy('stream_id').orderBy('revision').execute(),
    db.selectFrom(names.versions).selectAll().where('stream_id', 'in', ids).where('recorded_to', '=', END_OF_TIME).execute(),
  ]);
  const factsOf = groupedBy(facts, (row) => row.stream_id);
  const openOf = groupedBy(open, (row) => row.stream_id);
  return new Map(ids.map((id) => [id, timelineOf(id, (factsOf.get(id) ?? []).map(factOfRow), openOf.get(id) ?? [])]));
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

export function factOf(event: RecordedEvent): RecordedFact {
  const { revision, type, data } = event;
  return { revision, type, data, occurredAt: event.metadata.occurredAt, recordedAt: event.metadata.recordedAt };
}

/** What a timeline folds of a fact row (`factOfRow`): a batch reloads the histories of its streams, so no more. */
export const FOLDED_FACT_COLUMNS = ['revision', 'type', 'data', 'occurred_at', 'recorded_at'] as const;

export function factOfRow(row: Pick<Selectable<StreamFactRow>, 'revision' | 'type' | 'data' | 'occurred_at' | 'recorded_at'>): RecordedFact {
  return { revision: row.revision, type: row.type, data: JSON.parse(row.data) as Record<string, unknown>, occurredAt: row.occurred_at, recordedAt: row.recorded_at };
}

/** A fact row of any stream read model; goals name the stream column `goal_id`. */
export function factRow(streamId: string, event: RecordedEvent): Insertable<StreamFactRow> {
  const { metadata } = event;
  return {
    stream_id: streamId,
    revision: event.revision,
    position: event.position,
    event_id: event.id,
    type: event.type,
    stored_schema_version: 'storedSchemaVersion' in event ? Number(event.storedSchemaVersion) : event.schemaVersion,
    data: JSON.stringify(event.data),
    occurred_at: metadata.occurredAt,
    recorded_at: metadata.recordedAt,
    actor: metadata.actor,
    correlation_id: metadata.correlationId,
    causation_id: metadata.causationId,
  };
}
