import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from './postgres.js';

/** Where API child processes keep their data, and how a test reads the log they wrote. */
export interface ApiStore {
  /** How many API instances share the store in the suites (one per SQLite file, two on PostgreSQL). */
  readonly instances: number;
  /** The child's environment; creates the store's place on first use, so a skipped suite leaves nothing. */
  env(): Record<string, string>;
  /** The log through the EventStore port, for the test to check it directly. */
  openLog(): Promise<EventStore>;
  /** Removes the data; call it once every child is gone. */
  remove(): void | Promise<void>;
}

export function embeddedStore(name: string): ApiStore {
  let dir: string | undefined;
  const path = () => (dir ??= mkdtempSync(join(tmpdir(), `goal-ledger-${name}-`)));
  return {
    instances: 1,
    env: () => ({ GOAL_LEDGER_DATA_DIR: path() }),
    openLog: async () => SqliteEventStore.open(join(path(), 'goal-ledger.sqlite')),
    remove: () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresStore(name: string): ApiStore {
  const schema = uniqueSchema(`gl_${name}`);
  return {
    instances: 2,
    env: () => ({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: testDatabaseUrl, GOAL_LEDGER_PG_SCHEMA: schema }),
    openLog: () => PostgresEventStore.open({ connectionString: testDatabaseUrl, schema }),
    remove: () => dropSchemas([schema]),
  };
}
