import type { Insertable, Kysely, Selectable } from 'kysely';
import { isCorrection, streamIdOf, type Decider, type DomainCommand, type DomainEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { EventKind, ReadModel } from '../read-model.js';
import { insertRows, upsertRows } from '../store/sql-helpers.js';
import { StreamTimeline, type Snapshot, type TimelineStart, type SnapshotOf, type Version } from '../timeline/stream-timeline.js';
import { foldIntoTimelines, type TimelineTables } from '../timeline/timeline-batch.js';
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
  const tables: TimelineTables = { facts: names.facts, versions: names.versions, idColumn: 'stream_id', alongVersions: [names.keys] };
  return {
    name: spec.name,
    version: spec.version,
    tables: [names.facts, names.versions, names.keys],
    names,
    columnNames,
    // Its timelines load a stream's rows only once the batch holding that stream is committed.
    foldsWhileCommitting: true,
    handles,
    createTables: (db, table) => createStreamTables(db, table, names, columnNames),
    createIndexes: (db, table) => createStreamIndexes(db, table, names, columnNames),
    async apply(events, { db, memory, committed }) {
      const { folded, upserted, inserted, deletes } = await foldIntoTimelines(
        db,
        tables,
        { events, idOf, memory, committed },
        (id, start: TimelineStart<State>) => new StreamTimeline(spec.decider, spec.snapshotOf, id, start),
        (open: Selectable<StreamVersionRow>[]) => open.map(rows.versionOf),
      );
      const facts = folded.map((event) => factRow(idOf(event), event));
      // The tables' names depend on the prefix, so they are typed as any stream read model's.
      const streamDb = db as unknown as Kysely<StreamTables>;
      return [
        ...deletes,
        ...insertRows(streamDb, names.facts, facts),
        ...upsertRows(streamDb, names.versions, ['stream_id', 'recorded_from', 'valid_from'], upserted.map(rows.versionRow)),
        ...insertRows(streamDb, names.keys, inserted.flatMap(rows.keyRows)),
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
