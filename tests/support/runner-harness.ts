import { afterEach, expect } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, quoteSchema, type EventStore } from '#event-store';
import {
  PostgresProjectionStore,
  ProjectionRunner,
  SqliteProjectionStore,
  type Projection,
  type ProjectionRunnerOptions,
  type ProjectionStore,
} from '#projections';
import type { ProjectionStorePair } from '../contract/projection-store.contract.js';
import { eventually, headAtLeast, newEvent } from './events.js';
import { testDatabaseUrl, uniqueSchema } from './postgres.js';

/** Helpers of the runner suites in tests/reliability: backends, a counting projection, writers, snapshots, store interception. */
export interface Instance extends ProjectionStorePair {
  readonly database: string;
}

export interface Backend {
  /** Names a fresh, empty database without touching it. */
  newDatabase(): string;
  /** Opens the stores of one API instance on the database, creating its tables when missing. */
  connect(database: string): Promise<Instance>;
}

/** Records every position it saw per stream, so a skipped or repeated event shows in the document. */
export interface Seen {
  readonly stream: string;
  readonly positions: readonly number[];
  readonly version?: number;
}

export function seenPositions(version = 1): Projection<Seen> {
  return {
    name: 'seen-positions',
    version,
    filterable: [],
    keyOf: (event) => (event.stream.startsWith('count-') ? event.stream : undefined),
    evolve: (seen, event) => ({
      stream: event.stream,
      positions: [...(seen?.positions ?? []), event.position],
      ...(version > 1 ? { version } : {}),
    }),
  };
}

/** `writers` concurrent writers append `count` events each; every fifth goes to a stream the projection ignores. */
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

export function documentsOf(appended: Map<string, number[]>, version = 1): Record<string, Seen> {
  return Object.fromEntries([...appended].map(([stream, positions]) => [stream, { stream, positions, ...(version > 1 ? { version } : {}) }]));
}

/** Every document of a read model, paged through find() and checked against get(). */
export async function snapshot(store: ProjectionStore, name: string): Promise<Record<string, object>> {
  const all: Record<string, object> = {};
  for (let afterKey: string | undefined; ; ) {
    const page = await store.find(name, { where: {}, afterKey, limit: 7 });
    if (page.length === 0) return all;
    for (const { key, document } of page) {
      all[key] = document;
      expect(await store.get(name, key)).toEqual(document);
    }
    afterKey = page[page.length - 1].key;
  }
}

export async function caughtUp(runner: ProjectionRunner, events: EventStore): Promise<number> {
  const head = await headAtLeast(events, await lastCommitted(events));
  await eventually(() => runner.checkpoint >= head, () => `${runner.projection.name} is at ${runner.checkpoint}, the log at ${head}`);
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

export interface Hooks {
  prepare?(): void;
  checkpoint?(): void;
  commit?(from: number, to: number): void;
  committed?(applied: boolean): void;
}

/** The store with hooks before some calls; a hook that throws makes the call fail. */
export function intercept(store: ProjectionStore, hooks: Hooks): ProjectionStore {
  return {
    prepare: async (projection) => (hooks.prepare?.(), store.prepare(projection)),
    checkpoint: async (name) => (hooks.checkpoint?.(), store.checkpoint(name)),
    checkpoints: () => store.checkpoints(),
    load: (name, keys) => store.load(name, keys),
    commit: async (projection, from, to, documents) => {
      hooks.commit?.(from, to);
      const applied = await store.commit(projection, from, to, documents);
      hooks.committed?.(applied);
      return applied;
    },
    get: (name, key) => store.get(name, key),
    find: (name, options) => store.find(name, options),
    reset: (projection) => store.reset(projection),
  };
}

export const outcome = (result: PromiseSettledResult<unknown>) => (result.status === 'rejected' ? String(result.reason) : result.status);

/** Databases are files in `dir`. */
export function sqliteBackend(dir: string): Backend {
  let files = 0;
  return {
    newDatabase: () => join(dir, `ledger-${(files += 1)}.sqlite`),
    async connect(database) {
      const events = await SqliteEventStore.open(database, { pollIntervalMs: 50 });
      return { database, events, projections: new SqliteProjectionStore(events.database), close: () => events.close() };
    },
  };
}

/** Databases are schemas of the test database; each new one is added to `schemas` for cleanup. */
export function postgresBackend(schemas: string[]): Backend {
  return {
    newDatabase: () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      return schema;
    },
    async connect(schema) {
      const events = await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema, pollIntervalMs: 50 });
      const projections = await PostgresProjectionStore.open(events.pool, schema).catch(async (error: unknown) => {
        await events.close();
        throw error;
      });
      return { database: schema, events, projections, close: () => events.close() };
    },
  };
}

/**
 * Per-test instances and runners on `backend`, stopped and closed after each test. `open()` gives a
 * fresh database, `open(other)` another API instance on the database of `other`.
 */
export function runnerFixture(backend: Backend) {
  const instances: Instance[] = [];
  const runners: ProjectionRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await Promise.all(instances.splice(0).map((instance) => instance.close()));
  });
  const connect = async (database: string) => {
    const instance = await backend.connect(database);
    instances.push(instance);
    return instance;
  };
  return {
    connect,
    open: (sameDatabaseAs?: Instance) => connect(sameDatabaseAs?.database ?? backend.newDatabase()),
    run(instance: Instance, projection: Projection, options: ProjectionRunnerOptions = {}, store = instance.projections) {
      const runner = new ProjectionRunner(instance.events, store, projection, { batchSize: 16, ...options });
      runners.push(runner);
      return runner;
    },
  };
}
