import { describe } from '@jest/globals';
import pg from 'pg';
import type { EventStore, NewEvent, PostgresEventStore } from '#event-store';

/**
 * PostgreSQL suites are required by default: when the database cannot be reached they fail.
 * `GOAL_LEDGER_TEST_POSTGRES=skip` skips them explicitly (for machines without PostgreSQL).
 */
export const testDatabaseUrl = process.env.GOAL_LEDGER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skipRequested = process.env.GOAL_LEDGER_TEST_POSTGRES === 'skip';

export const describePostgres = skipRequested ? describe.skip : describe;

let counter = 0;

/** A schema name no other suite or test uses, so suites may run in parallel on one database. */
export function uniqueSchema(prefix = 'gl_test'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** An append whose transaction the test commits when it chooses. */
export interface HeldAppend {
  /** The position of the append's last event. */
  readonly position: number;
  /** Commits it; a second call does nothing. */
  commit(): Promise<void>;
}

/**
 * Calls the PostgreSQL adapter's append function inside a transaction the test commits later: the append
 * has drawn its positions and passed the critical section, and holds the readers' horizon until it commits,
 * while appends that drew later positions commit before it.
 */
export async function holdAppendOpen(store: EventStore, stream: string, events: readonly NewEvent[]): Promise<HeldAppend> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  await client.query('BEGIN');
  const { schema } = store as PostgresEventStore;
  const { rows } = await client.query<{ position: string }>(`SELECT position FROM "${schema}".append_events($1, NULL, $2::uuid[], $3, $4, $5::json[], $6::json[])`, [
    stream,
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map(() => 1),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
  ]);
  let open = true;
  return {
    position: Number(rows[0].position),
    async commit() {
      if (!open) return;
      open = false;
      await client.query('COMMIT');
      await client.end();
    },
  };
}
