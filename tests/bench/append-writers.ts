import pg from 'pg';
import { PostgresEventStore, SqliteEventStore, openSqlite, type NewEvent } from '#event-store';
import { rawRow } from './fixtures.js';

/** Appends one stream's events; ours checks and orders, a raw baseline only inserts. */
export type Append = (stream: string, events: readonly NewEvent[]) => Promise<unknown>;

export interface Writer {
  readonly append: Append;
  close(): Promise<void>;
}

/** Opens a writer on a store of its own: `name` is unique per contender and round. */
export type OpenWriter = (name: string) => Promise<Writer>;

const EVENTS_TABLE = (name: string, dialect: 'sqlite' | 'pg') => `
  CREATE TABLE ${name} (
    position ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
    id ${dialect === 'sqlite' ? 'TEXT' : 'uuid'} NOT NULL UNIQUE,
    stream TEXT NOT NULL, revision BIGINT NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
    data ${dialect === 'sqlite' ? 'TEXT' : 'jsonb'} NOT NULL, metadata ${dialect === 'sqlite' ? 'TEXT' : 'jsonb'} NOT NULL,
    recorded_at ${dialect === 'sqlite' ? 'TEXT' : 'timestamptz'} NOT NULL,
    UNIQUE (stream, revision))`;

export const sqliteOurs =
  (file: (name: string) => string): OpenWriter =>
  async (name) => {
    const store = await SqliteEventStore.open(file(name));
    return { append: (stream, events) => store.append(stream, events, 'no-stream'), close: () => store.close() };
  };

/** The physical limit: the same rows with the same durability (WAL, synchronous=FULL), no checks. */
export const sqliteRaw =
  (file: (name: string) => string): OpenWriter =>
  async (name) => {
    const db = openSqlite(file(name));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(EVENTS_TABLE('events', 'sqlite'));
    const insert = db.prepare(
      'INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertAll = db.transaction((stream: string, events: readonly NewEvent[]) =>
      events.forEach((e, i) => insert.run(...rawRow(e, stream, i))),
    );
    return { append: async (stream, events) => insertAll(stream, events), close: async () => void db.close() };
  };

export const postgresOurs =
  (url: string, poolSize: number): OpenWriter =>
  async (name) => {
    const store = await PostgresEventStore.open({ connectionString: url, schema: name, poolSize });
    return { append: (stream, events) => store.append(stream, events, 'no-stream'), close: () => store.close() };
  };

/**
 * The same rows inserted by the driver without any check: one autocommit `INSERT … SELECT unnest(…)`
 * per append, which for a single event is one round trip like a plain INSERT.
 */
export const postgresRaw =
  (url: string, poolSize: number): OpenWriter =>
  async (name) => {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    const table = `"${name}".raw_events`;
    await pool.query(`CREATE SCHEMA "${name}"; ${EVENTS_TABLE(table, 'pg')}`);
    const insert = `INSERT INTO ${table} (id, stream, revision, type, schema_version, data, metadata, recorded_at)
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])`;
    return {
      append: (stream, events) => {
        const rows = events.map((e, i) => rawRow(e, stream, i));
        return pool.query(insert, Array.from({ length: 8 }, (_, column) => rows.map((row) => row[column])));
      },
      close: () => pool.end(),
    };
  };
