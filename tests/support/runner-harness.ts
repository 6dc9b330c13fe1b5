import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe } from '@jest/globals';
import { sql } from 'kysely';
import { v4 as uuid } from 'uuid';
import { PostgresEventStore, SqliteEventStore, quoteSchema, type EventStore } from '#event-store';
import {
  openPostgresReadModels,
  openSqliteReadModels,
  ReadModelRunner,
  type ReadModel,
  type ReadModelRunnerOptions,
  type ReadModelStore,
} from '#projections';
import { eventually, newEvent } from './events.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from './postgres.js';

/** Helpers of the read-model suites: backends, a counting read model, writers, store interception. */
export interface Instance {
  readonly database: string;
  readonly events: EventStore;
  readonly store: ReadModelStore;
  close(): Promise<void>;
}

export interface Backend {
  readonly dialect: 'sqlite' | 'postgres';
  /** Names a fresh, empty database without touching it. */
  newDatabase(): string;
  /** Opens the stores of one API instance on the database, creating its tables when missing. */
  connect(database: string): Promise<Instance>;
}

/** Databases are files in `dir`. */
export function sqliteBackend(dir: string): Backend {
  let files = 0;
  return {
    dialect: 'sqlite',
    newDatabase: () => join(dir, `ledger-${(files += 1)}.sqlite`),
    async connect(database) {
      const events = await SqliteEventStore.open(database, { pollIntervalMs: 50 });
      const store = await openSqliteReadModels(database);
      return { database, events, store, close: closing(store, events) };
    },
  };
}

/** Databases are schemas of the test database; each new one is added to `schemas` for cleanup. */
export function postgresBackend(schemas: string[]): Backend {
  return {
    dialect: 'postgres',
    newDatabase: () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      return schema;
    },
    async connect(schema) {
      const events = await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema, pollIntervalMs: 50 });
      const store = await openPostgresReadModels({ connectionString: testDatabaseUrl, schema, poolSize: 4 }).catch(async (error: unknown) => {
        await events.close();
        throw error;
      });
      return { database: schema, events, store, close: closing(store, events) };
    },
  };
}

function closing(store: ReadModelStore, events: EventStore): () => Promise<void> {
  return async () => {
    await store.close();
    await events.close();
  };
}

/** One row per event of a `count-` stream, so a skipped or repeated event shows in the table. */
export interface SeenTables {
  seen: { position: number | string; stream: string; version: number };
}

export function seenPositions(version = 1): ReadModel<SeenTables> {
  return {
    name: 'seen-positions',
    version,
    tables: ['seen'],
    handles: (event) => event.stream.startsWith('count-'),
    async createTables(db, table) {
      await db.schema
        .createTable(table('seen'))
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('stream', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .execute();
    },
    async apply(events, { db }) {
      return [db.insertInto('seen').values(events.map((event) => ({ position: event.position, stream: event.stream, version }))).compile()];
    },
  };
}

/**
 * seen-positions that, like the bitemporal read models, remembers between batches what it folded
 * (`ApplyContext.memory`: each stream's last position) and skips what it remembers as applied. Should a
 * worker keep the memory of a batch whose commit failed, the retried batch would be skipped.
 */
export function rememberingSeenPositions(): ReadModel<SeenTables> {
  const model = seenPositions();
  return {
    ...model,
    async apply(events, context) {
      const last = context.memory as Map<string, number>;
      const fresh = events.filter((event) => event.position > (last.get(event.stream) ?? 0));
      for (const event of fresh) last.set(event.stream, event.position);
      return fresh.length === 0 ? [] : model.apply(fresh, context);
    },
  };
}

/** What the live generation of seen-positions holds, as `stream@position vN` lines in position order. */
export async function seen(store: ReadModelStore): Promise<string[]> {
  const rows = await store.views<SeenTables>().selectFrom('seen').selectAll().orderBy('position').execute();
  return rows.map((row) => `${row.stream}@${Number(row.position)} v${row.version}`);
}

/** What seen-positions must hold for the appended events. */
export function expectedSeen(appended: Map<string, number[]>, version = 1): string[] {
  return [...appended]
    .flatMap(([stream, positions]) => positions.map((position) => ({ stream, position })))
    .sort((a, b) => a.position - b.position)
    .map(({ stream, position }) => `${stream}@${position} v${version}`);
}

/** `writers` concurrent writers append `count` events each; every fifth goes to a stream the read model ignores. */
export async function write(events: EventStore, writers: number, count: number, appended: Map<string, number[]>): Promise<void> {
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const streams = [`count-${uuid()}`, `count-${uuid()}`];
      for (let i = 0; i < count; i++) {
        const ignored = i % 5 === 4;
        const stream = ignored ? `other-${uuid()}` : streams[i % 2];
        const { position } = await events.append(stream, [newEvent(i)], 'any');
        if (!ignored) appended.set(stream, [...(appended.get(stream) ?? []), position]);
      }
    }),
  );
}

/** Waits until the runner's live generation holds every committed event; returns that position. */
export async function caughtUp(runner: ReadModelRunner, events: EventStore): Promise<number> {
  const head = await lastCommitted(events);
  await eventually(() => runner.status().checkpoint >= head, () => `${runner.model.name} is at ${JSON.stringify(runner.status())}, the log at ${head}`);
  return head;
}

/**
 * PostgreSQL's head stops at the oldest append in flight anywhere on the server, so it can lag appends
 * already acknowledged; the table itself shows every committed one.
 */
async function lastCommitted(events: EventStore): Promise<number> {
  if (!(events instanceof PostgresEventStore)) return events.headPosition();
  const { rows } = await events.pool.query<{ last: string }>(`SELECT coalesce(max(position), 0) AS last FROM ${quoteSchema(events.schema)}.events`);
  return Number(rows[0].last);
}

type Hooks = {
  [K in keyof ReadModelStore]?: ReadModelStore[K] extends (...args: infer A) => infer R ? (original: (...args: A) => R, ...args: A) => R : never;
};

/** The store with some methods wrapped: each hook gets the original method and the arguments. */
export function intercept(store: ReadModelStore, hooks: Hooks): ReadModelStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const original = (value as (...args: unknown[]) => unknown).bind(target);
      const hook = hooks[property as keyof Hooks] as ((original: unknown, ...args: unknown[]) => unknown) | undefined;
      return hook ? (...args: unknown[]) => hook(original, ...args) : original;
    },
  });
}

/** Short durations, so that takeovers and retries happen within a test; leases never expire by themselves. */
export const quick: Omit<ReadModelRunnerOptions, 'instanceId'> = {
  leaseMs: 3_600_000,
  renewMs: 20,
  followPollMs: 10,
  batchSize: 16,
  rebuildBatchSize: 32,
  retryMs: 20,
  maxRetryMs: 200,
};

/**
 * Per-test instances and runners on `backend`, stopped and closed after each test. `open()` gives a fresh
 * database, `open(other)` another API instance on the database of `other`. Errors reported by any
 * runner are collected in `errors`.
 */
export function runnerFixture(backend: Backend) {
  const instances: Instance[] = [];
  const runners: ReadModelRunner[] = [];
  const errors: string[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await Promise.all(instances.splice(0).map((instance) => instance.close()));
    errors.splice(0);
  });
  const connect = async (database: string) => {
    const instance = await backend.connect(database);
    instances.push(instance);
    return instance;
  };
  return {
    errors,
    connect,
    open: (sameDatabaseAs?: Instance) => connect(sameDatabaseAs?.database ?? backend.newDatabase()),
    run(instance: Instance, model: ReadModel<never>, options: Partial<ReadModelRunnerOptions> = {}, store = instance.store) {
      const runner = new ReadModelRunner(instance.events, store, model, {
        instanceId: uuid(),
        ...quick,
        onError: (error, name) => errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`),
        ...options,
      });
      runners.push(runner);
      return runner;
    },
  };
}

/** A point code under test stops at (`pass`) until the test lets it through (`open`); `reached` tells it arrived. */
export function barrier(): { reached: Promise<void>; pass(): Promise<void>; open(): void } {
  let arrive = () => undefined as void;
  let release = () => undefined as void;
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    reached,
    pass: () => {
      arrive();
      return opened;
    },
    open: () => release(),
  };
}

/** Polls an asynchronous condition (e.g. a query) until it holds; fails with `message` after 10 s. */
export async function eventuallyAsync(condition: () => Promise<boolean>, message: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Whether the database holds planner statistics of a physical table (ANALYZE ran on it). */
export async function hasPlannerStatistics(instance: Instance, dialect: Backend['dialect'], table: string): Promise<boolean> {
  const query =
    dialect === 'sqlite'
      ? sql<{ rows: number }>`select count(*) as "rows" from sqlite_stat1 where tbl = ${table}`
      : sql<{ rows: number }>`select count(*) as "rows" from pg_stats where schemaname = current_schema() and tablename = ${table}`;
  // sqlite_stat1 exists only once some table was analysed.
  const result = await query.execute(instance.store.database.db).catch(() => ({ rows: [{ rows: 0 }] }));
  return Number(result.rows[0]?.rows ?? 0) > 0;
}

/** The names of a physical table's indexes, sorted (the primary key's own index left out on PostgreSQL). */
export async function indexesOf(instance: Instance, dialect: Backend['dialect'], table: string): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table} and name not like 'sqlite_autoindex%'`
      : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = ${table} and indexname not like '%_pkey'`;
  return (await query.execute(instance.store.database.db)).rows.map((row) => row.name).sort();
}

/**
 * Declares a suite's tests on SQLite (databases in a temporary directory of its own) and on PostgreSQL
 * (schemas of its own, dropped afterwards; required or skipped as GOAL_LEDGER_TEST_POSTGRES says).
 */
export function onBothBackends(title: string, body: (backend: Backend) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-runner-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  describe(`${title} on SQLite`, () => body(sqliteBackend(dir)));
  describePostgres(`${title} on PostgreSQL`, () => {
    const schemas: string[] = [];
    afterAll(() => dropSchemas(schemas));
    body(postgresBackend(schemas));
  });
}
