import { afterAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore } from '#event-store';
import { sleep } from '../support/events.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

/** Connections still listening for a schema's appends; `terminate` ends them (test cleanup only). */
async function listeners(schema: string, terminate = false): Promise<number> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND strpos(query, $1) > 0`,
      [`${schema}"`],
    );
    if (terminate) await client.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((row) => row.pid)]);
    return rows.length;
  } finally {
    await client.end();
  }
}

/** Polls listeners(schema) until `done` holds or 5 s passed; returns the last count. */
async function pollListeners(schema: string, done: (count: number) => boolean): Promise<number> {
  let count = await listeners(schema);
  for (const deadline = Date.now() + 5000; !done(count) && Date.now() < deadline; count = await listeners(schema)) await sleep(20);
  return count;
}

describePostgres('the PostgreSQL event store under resubscribing runners', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    // A leaked LISTEN connection (see the test below) would keep Jest from exiting.
    for (const schema of schemas) await listeners(schema, true);
    await dropSchemas(schemas);
  });

  it('leaves no LISTEN connection open once closed, after subscriptions ended and began while the listener connected', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const events = await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema, pollIntervalMs: 50 });
    // What a runner does after each refused commit or failed batch: end its subscription, subscribe again.
    for (let i = 0; i < 20; i++) await events.subscribe({ after: 0, onEvents: () => undefined }).close();
    const last = events.subscribe({ after: 0, onEvents: () => undefined });
    expect(await pollListeners(schema, (count) => count > 0)).toBeGreaterThan(0);
    await last.close();
    await events.close();
    expect(await pollListeners(schema, (count) => count === 0)).toBe(0);
  });
});
