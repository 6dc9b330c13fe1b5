import pg from 'pg';
import { PostgresEventStore, SqliteEventStore, openSqlite, type NewEvent } from '#event-store';
import { measurement, rate, type Measurement } from './bench-kit.js';
import { goalEvents, rawRow } from './fixtures.js';

export interface AppendSizes {
  readonly singles: number;
  readonly batches: number;
  /** Events a log grows to in the "growing log" scenario, in appends of ten. */
  readonly growTo: number;
  readonly concurrentWriters: number;
}

/** Appends one stream's events; ours checks and orders, the raw baseline only inserts. */
type Append = (stream: string, events: readonly NewEvent[]) => Promise<unknown>;

interface Writer {
  readonly append: Append;
  close(): Promise<void>;
}

const BATCH = 100;
const GOAL = 10;

const EVENTS_TABLE = (name: string, dialect: 'sqlite' | 'pg') => `
  CREATE TABLE ${name} (
    position ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
    id ${dialect === 'sqlite' ? 'TEXT' : 'uuid'} NOT NULL UNIQUE,
    stream TEXT NOT NULL, revision BIGINT NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL,
    data ${dialect === 'sqlite' ? 'TEXT' : 'jsonb'} NOT NULL, metadata ${dialect === 'sqlite' ? 'TEXT' : 'jsonb'} NOT NULL,
    recorded_at ${dialect === 'sqlite' ? 'TEXT' : 'timestamptz'} NOT NULL,
    UNIQUE (stream, revision))`;

/** Events for `count` streams of `perStream` events each, built before the clock starts. */
function workload(count: number, perStream: number) {
  return Array.from({ length: count }, (_, i) => goalEvents(i, perStream));
}

/** Events per second of `writers` appending `streams` in parallel (one writer: in order). */
async function appendRate(append: Append, streams: ReturnType<typeof workload>, writers = 1): Promise<number> {
  let next = 0;
  const events = streams.reduce((sum, s) => sum + s.events.length, 0);
  return rate(events, () =>
    Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < streams.length) {
          const { stream, events: batch } = streams[next++];
          await append(stream, batch);
        }
      }),
    ),
  );
}

/** Each scenario on a fresh writer of each kind, so neither inherits the other's log. */
async function compare(
  group: string,
  scenarios: readonly { name: string; streams: () => ReturnType<typeof workload>; writers?: number; baseline: string; note?: string }[],
  ours: () => Promise<Writer>,
  raw: () => Promise<Writer>,
): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const scenario of scenarios) {
    const measure = async (open: () => Promise<Writer>) => {
      const writer = await open();
      try {
        return await appendRate(writer.append, scenario.streams(), scenario.writers);
      } finally {
        await writer.close();
      }
    };
    const oursRate = await measure(ours);
    const rawRate = await measure(raw);
    results.push(measurement(group, scenario.name, 'events/s', oursRate, scenario.baseline, rawRate, scenario.note));
  }
  return results;
}

function scenarios(sizes: AppendSizes, raw: { single: string; batch: (n: number) => string }) {
  return [
    { name: 'single-event appends', streams: () => workload(sizes.singles, 1), baseline: raw.single },
    { name: `${BATCH}-event batches`, streams: () => workload(sizes.batches, BATCH), baseline: raw.batch(BATCH) },
    {
      name: `${GOAL}-event appends until the log holds ${sizes.growTo.toLocaleString('en-US')} events`,
      streams: () => workload(sizes.growTo / GOAL, GOAL),
      baseline: raw.batch(GOAL),
      note: 'shows whether appends slow down as the log grows',
    },
  ];
}

export async function sqliteAppends(file: (name: string) => string, sizes: AppendSizes): Promise<Measurement[]> {
  let files = 0;
  const ours = async (): Promise<Writer> => {
    const store = await SqliteEventStore.open(file(`ours-${(files += 1)}`));
    return { append: (stream, events) => store.append(stream, events, 'no-stream'), close: () => store.close() };
  };
  // The physical limit: the same rows with the same durability (WAL, synchronous=FULL), no checks.
  const raw = async (): Promise<Writer> => {
    const db = openSqlite(file(`raw-${(files += 1)}`));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(EVENTS_TABLE('events', 'sqlite'));
    const insert = db.prepare('INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const insertAll = db.transaction((stream: string, events: readonly NewEvent[]) => events.forEach((e, i) => insert.run(...rawRow(e, stream, i))));
    return { append: async (stream, events) => insertAll(stream, events), close: async () => void db.close() };
  };
  const baselines = { single: 'better-sqlite3 INSERT in a transaction', batch: (n: number) => `better-sqlite3 ${n} INSERTs in one transaction` };
  return compare('SQLite append', scenarios(sizes, baselines), ours, raw);
}

export async function postgresAppends(url: string, schema: (name: string) => string, sizes: AppendSizes): Promise<Measurement[]> {
  let schemas = 0;
  const poolSize = sizes.concurrentWriters;
  const ours = async (): Promise<Writer> => {
    const store = await PostgresEventStore.open({ connectionString: url, schema: schema(`ours_${(schemas += 1)}`), poolSize });
    return { append: (stream, events) => store.append(stream, events, 'no-stream'), close: () => store.close() };
  };
  const raw = async (): Promise<Writer> => {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    const table = `"${schema(`raw_${(schemas += 1)}`)}".raw_events`;
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${table.split('.')[0]}; ${EVENTS_TABLE(table, 'pg')}`);
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
  const baselines = { single: 'pg INSERT, autocommit', batch: (n: number) => `pg INSERT … SELECT unnest of ${n} rows` };
  return compare(
    'PostgreSQL append',
    [
      ...scenarios(sizes, baselines),
      {
        name: `single-event appends, ${sizes.concurrentWriters} concurrent writers`,
        streams: () => workload(sizes.singles, 1),
        writers: sizes.concurrentWriters,
        baseline: `pg INSERT, autocommit, ${sizes.concurrentWriters} connections`,
        note: 'ours serialises appends on an advisory lock (gap-free subscriptions); the raw inserts do not',
      },
    ],
    ours,
    raw,
  );
}
