import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { temporaryDataDir } from '../support/app.js';
import { goalBody } from '../support/e2e-http.js';
import { ApiProcess } from '../support/ops-process.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

/** Concurrent writers; each stops at its first failed request, and after at most MAX_WRITES. */
const WRITERS = 8;
const MAX_WRITES = 400;
/** SIGTERM goes out once this many writes were acknowledged, so it lands while writes are in flight. */
const ACKNOWLEDGED_BEFORE_SIGTERM = 40;

interface Acknowledged {
  readonly id: string;
  readonly position: number;
}

/**
 * Writes goals from several connections until the server stops answering, sends SIGTERM after the first
 * acknowledgements, and returns what was acknowledged (201) and how the process exited.
 */
async function writeThroughShutdown(api: ApiProcess, url: string) {
  const acknowledged: Acknowledged[] = [];
  let signalled = false;
  const writer = async () => {
    for (let i = 0; i < MAX_WRITES; i += 1) {
      const goal = goalBody();
      let response: Response;
      try {
        response = await fetch(`${url}/v1/goals`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...TEST_ADMIN_HEADERS }, body: JSON.stringify(goal) });
      } catch {
        return; // Refused or closed: the server stopped accepting. Nothing was acknowledged.
      }
      const body = (await response.json()) as { position: number };
      if (response.status === 201) acknowledged.push({ id: goal.id, position: body.position });
      if (!signalled && acknowledged.length >= ACKNOWLEDGED_BEFORE_SIGTERM) {
        signalled = true;
        api.signal('SIGTERM');
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return { acknowledged, signalled, exit: await api.exited };
}

async function expectAllStored(store: EventStore, acknowledged: readonly Acknowledged[]): Promise<void> {
  try {
    for (const { id, position } of acknowledged) {
      const events = await store.readStream(`goal-${id}`);
      expect({ id, positions: events.map((event) => event.position) }).toEqual({ id, positions: [position] });
    }
  } finally {
    await store.close();
  }
}

describe('SIGTERM under load (embedded store)', () => {
  const data = temporaryDataDir();
  afterAll(() => data.remove());

  it('answers the writes in flight, loses no acknowledged write and exits 0', async () => {
    const { api, url } = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: data.path, GOAL_LEDGER_PROJECTION_WAIT_MS: '1000' });
    const { acknowledged, signalled, exit } = await writeThroughShutdown(api, url);

    expect(signalled).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_SIGTERM);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(api.logLines().map((line) => line.msg)).toContain('stopped');
    await expectAllStored(await SqliteEventStore.open(join(data.path, 'goal-ledger.sqlite')), acknowledged);
  });

  it('ends the live feeds it serves and still exits 0, within the timeout', async () => {
    const { api, url } = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: data.path, GOAL_LEDGER_SHUTDOWN_TIMEOUT_MS: '10000' });
    const feed = await fetch(`${url}/v1/events/live?after=0`, { headers: { accept: 'text/event-stream', ...TEST_ADMIN_HEADERS } });
    expect(feed.status).toBe(200);
    const reader = (feed.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    api.signal('SIGTERM');
    let received = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += new TextDecoder().decode(chunk.value);
    expect(received).toMatch(/^: .*reconnect/m);
    expect(await api.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses new connections once it received SIGTERM', async () => {
    const { api, url } = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: data.path });
    api.signal('SIGTERM');
    await api.line((line) => line.includes('no new connections'));
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
    expect(await api.exited).toEqual({ code: 0, signal: null });
  });
});

describePostgres('SIGTERM under load (PostgreSQL)', () => {
  const schema = uniqueSchema('gl_ops_stop');
  afterAll(() => dropSchemas([schema]));

  it('answers the writes in flight, loses no acknowledged write and exits 0', async () => {
    const { api, url } = await ApiProcess.serving({
      GOAL_LEDGER_STORE: 'postgres',
      DATABASE_URL: testDatabaseUrl,
      GOAL_LEDGER_PG_SCHEMA: schema,
      GOAL_LEDGER_PROJECTION_WAIT_MS: '1000',
    });
    const { acknowledged, signalled, exit } = await writeThroughShutdown(api, url);

    expect(signalled).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_SIGTERM);
    expect(exit).toEqual({ code: 0, signal: null });
    await expectAllStored(await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema }), acknowledged);
  });
});
