import type { ColumnType, Kysely } from 'kysely';
import { byteOrderedText } from '../store/sql-helpers.js';

/** PostgreSQL returns bigint as a string. */
type Position = ColumnType<number | string, number, number>;

/** The columns of a fact row besides its stream's id: one row per event, as recorded. */
export interface FactColumns {
  revision: number;
  position: Position;
  event_id: string;
  type: string;
  stored_schema_version: number;
  /** The data upcast to the current schema version, as JSON. */
  data: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  correlation_id: string;
  causation_id: string | null;
}

/** One row per event of a stream, as recorded: the stream's history, and what its timeline is folded from. */
export type StreamFactRow = { stream_id: string } & FactColumns;

/**
 * One row per version of a stream's state: valid in world time [valid_from, valid_to), known in system
 * time [recorded_from, recorded_to); open ends hold END_OF_TIME. The whole snapshot is kept as JSON, the
 * fields lists filter and sort on as columns of their own (`StreamColumn`).
 */
export interface StreamVersionRow {
  stream_id: string;
  recorded_from: string;
  recorded_to: string;
  valid_from: string;
  valid_to: string;
  snapshot: string;
}

/** A value a version holds among several of one kind (a municipality's phases): one row each, for filters. */
export interface StreamKeyRow {
  stream_id: string;
  recorded_from: string;
  valid_from: string;
  kind: string;
  value: string;
}

/** The logical names of a stream read model's tables, from its prefix (`programme` → `programme_facts` …). */
export interface StreamTableNames {
  readonly facts: string;
  readonly versions: string;
  readonly keys: string;
}

export const tableNamesOf = (prefix: string): StreamTableNames => ({ facts: `${prefix}_facts`, versions: `${prefix}_versions`, keys: `${prefix}_keys` });

/**
 * The tables of any stream read model, whatever their prefix: queries name them through `StreamTableNames`
 * (every table typed with every column; a model's own columns are named with `sql.ref`).
 */
export type StreamTables = Record<string, StreamFactRow & StreamVersionRow & StreamKeyRow>;

/** A fact table (`FactColumns`) whose stream id is `idColumn`, keyed by stream and revision. */
export async function createFactTable(db: Kysely<unknown>, name: string, idColumn: string): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn(idColumn, byteOrderedText(db), (column) => column.notNull())
    .addColumn('revision', 'integer', (column) => column.notNull())
    .addColumn('position', 'bigint', (column) => column.notNull())
    .addColumn('event_id', 'text', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('stored_schema_version', 'integer', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('occurred_at', 'text', (column) => column.notNull())
    .addColumn('recorded_at', 'text', (column) => column.notNull())
    .addColumn('actor', 'text', (column) => column.notNull())
    .addColumn('correlation_id', 'text', (column) => column.notNull())
    .addColumn('causation_id', 'text')
    .addPrimaryKeyConstraint(`${name}_pk`, [idColumn, 'revision'])
    .execute();
}

export async function createStreamTables(db: Kysely<unknown>, table: (logical: string) => string, names: StreamTableNames, columns: readonly string[]): Promise<void> {
  const text = byteOrderedText(db);
  await createFactTable(db, table(names.facts), 'stream_id');
  let versions = db.schema
    .createTable(table(names.versions))
    .addColumn('stream_id', text, (column) => column.notNull())
    .addColumn('recorded_from', 'text', (column) => column.notNull())
    .addColumn('recorded_to', 'text', (column) => column.notNull())
    .addColumn('valid_from', 'text', (column) => column.notNull())
    .addColumn('valid_to', 'text', (column) => column.notNull())
    .addColumn('snapshot', 'text', (column) => column.notNull());
  for (const column of columns) versions = versions.addColumn(column, text);
  await versions.addPrimaryKeyConstraint(`${table(names.versions)}_pk`, ['stream_id', 'recorded_from', 'valid_from']).execute();
  // What apply reads: a stream's rows still open in system time.
  await db.schema.createIndex(`${table(names.versions)}_open`).on(table(names.versions)).columns(['stream_id', 'recorded_to']).execute();
  await db.schema
    .createTable(table(names.keys))
    .addColumn('stream_id', text, (column) => column.notNull())
    .addColumn('recorded_from', 'text', (column) => column.notNull())
    .addColumn('valid_from', 'text', (column) => column.notNull())
    .addColumn('kind', text, (column) => column.notNull())
    .addColumn('value', text, (column) => column.notNull())
    .addPrimaryKeyConstraint(`${table(names.keys)}_pk`, ['stream_id', 'recorded_from', 'valid_from', 'kind', 'value'])
    .execute();
}

/**
 * What the views read: the current versions by equality on the open ends, then by id; past versions by id
 * and world time; keys by value (a filter is an EXISTS on the version's keys); the log position by recording.
 */
export async function createStreamIndexes(db: Kysely<unknown>, table: (logical: string) => string, names: StreamTableNames, columns: readonly string[]): Promise<void> {
  const versions = table(names.versions);
  const index = (on: string, name: string, fields: string[]) => db.schema.createIndex(`${on}_${name}`).ifNotExists().on(on).columns(fields).execute();
  await index(versions, 'current', ['recorded_to', 'valid_to', 'stream_id']);
  await index(versions, 'by_stream', ['stream_id', 'valid_from']);
  for (const column of columns) {
    await index(versions, `current_by_${column}`, ['recorded_to', 'valid_to', column, 'stream_id']);
    // Lists of the past narrow by the filtered column and id, then by the intervals.
    await index(versions, `by_${column}`, [column, 'stream_id', 'valid_from']);
  }
  await index(table(names.keys), 'by_value', ['kind', 'value', 'stream_id']);
  await index(table(names.facts), 'recorded', ['recorded_at', 'position']);
}
