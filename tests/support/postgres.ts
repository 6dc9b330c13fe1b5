import { describe } from '@jest/globals';
import pg from 'pg';

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
