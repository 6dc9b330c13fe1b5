import pg from 'pg';
import { PostgresEventStore, SqliteEventStore, openSqlite, type EventStore, type NewEvent } from '#event-store';
import { measurement, rate, type Measurement } from './bench-kit.js';
import { goalEvents, rawRow } from './fixtures.js';

export interface AppendSizes {
  readonly singles: number;
  readonly batches: number;
  readonly concurrentWriters: number;
}

const BATCH = 100;

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

async function appendOurs(store: EventStore, singles: ReturnType<typeof workload>, batches: ReturnType<typeof workload>) {
  const single = await rate(singles.length, async () => {
    for (const { stream, events } of singles) await store.append(stream, events, 'no-stream');
  });
  const batched = await rate(batches.length * BATCH, async () => {
    for (const { stream, events } of batches) await store.append(stream, events, 'no-stream');
  });
  return { single, batched };
}

export async function sqliteAppends(file: string, rawFile: string, sizes: AppendSizes): Promise<Measurement[]> {
  const store = SqliteEventStore.open(file);
  const ours = await appendOurs(store, workload(sizes.singles, 1), workload(sizes.batches, BATCH));
  await store.close();

  // The physical limit: the same rows with the same durability (WAL, synchronous=FULL), no checks.
  const db = openSqlite(rawFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_TABLE('events', 'sqlite'));
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertBatch = db.transaction((stream: string, events: NewEvent[]) => events.forEach((e, i) => insert.run(...rawRow(e, stream, i))));
  const singles = workload(sizes.singles, 1);
  const batches = workload(sizes.batches, BATCH);
  const rawSingle = await rate(singles.length, async () => {
    for (const { stream, events } of singles) insert.run(...rawRow(events[0], stream, 0));
  });
  const rawBatched = await rate(batches.length * BATCH, async () => {
    for (const { stream, events } of batches) insertBatch(stream, events);
  });
  db.close();

  return [
    measurement('SQLite append', 'single-event appends', 'events/s', ours.single, 'better-sqlite3 INSERT, autocommit', rawSingle),
    measurement('SQLite append', `${BATCH}-event batches`, 'events/s', ours.batched, `better-sqlite3 ${BATCH} INSERTs in one transaction`, rawBatched),
  ];
}

export async function postgresAppends(url: string, schema: string, sizes: AppendSizes): Promise<Measurement[]> {
  const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: sizes.concurrentWriters });
  const ours = await appendOurs(store, workload(sizes.singles, 1), workload(sizes.batches, BATCH));
  const concurrent = workload(sizes.singles, 1);
  const oursConcurrent = await rate(concurrent.length, () =>
    inParallel(sizes.concurrentWriters, concurrent, ({ stream, events }) => store.append(stream, events, 'no-stream')),
  );
  await store.close();

  const pool = new pg.Pool({ connectionString: url, max: sizes.concurrentWriters });
  const table = `"${schema}".raw_events`;
  await pool.query(EVENTS_TABLE(table, 'pg'));
  const insert = `INSERT INTO ${table} (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
  const singles = workload(sizes.singles, 1);
  const rawSingle = await rate(singles.length, async () => {
    for (const { stream, events } of singles) await pool.query(insert, [...rawRow(events[0], stream, 0)]);
  });
  const batches = workload(sizes.batches, BATCH);
  const rawBatched = await rate(batches.length * BATCH, async () => {
    for (const { stream, events } of batches) {
      const rows = events.map((e, i) => rawRow(e, stream, i));
      await pool.query(
        `INSERT INTO ${table} (id, stream, revision, type, schema_version, data, metadata, recorded_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])`,
        Array.from({ length: 8 }, (_, column) => rows.map((row) => row[column])),
      );
    }
  });
  const parallel = workload(sizes.singles, 1);
  const rawConcurrent = await rate(parallel.length, () =>
    inParallel(sizes.concurrentWriters, parallel, ({ stream, events }) => pool.query(insert, [...rawRow(events[0], stream, 0)])),
  );
  await pool.end();

  return [
    measurement('PostgreSQL append', 'single-event appends', 'events/s', ours.single, 'pg INSERT, autocommit', rawSingle),
    measurement('PostgreSQL append', `${BATCH}-event batches`, 'events/s', ours.batched, `pg INSERT … SELECT unnest of ${BATCH} rows`, rawBatched),
    measurement(
      'PostgreSQL append',
      `single-event appends, ${sizes.concurrentWriters} concurrent writers`,
      'events/s',
      oursConcurrent,
      `pg INSERT, autocommit, ${sizes.concurrentWriters} connections`,
      rawConcurrent,
      'ours serialises appends on an advisory lock (gap-free subscriptions); the raw inserts do not',
    ),
  ];
}

async function inParallel<T>(workers: number, items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
