import { afterAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '#event-store';
import { eventually, newEvents, streamName } from '../support/events.js';
import { describePostgres, dropSchemas, holdAppendOpen, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { eventStoreContract } from './event-store.contract.js';

const schemas: string[] = [];
const open = (schema: string, options: Partial<PostgresEventStoreOptions> = {}) =>
  PostgresEventStore.open({ connectionString: testDatabaseUrl, schema, pollIntervalMs: 50, ...options });

describePostgres('PostgreSQL', () => {
  afterAll(() => dropSchemas(schemas));

  eventStoreContract('PostgresEventStore', {
    async open() {
      const schema = uniqueSchema();
      schemas.push(schema);
      return open(schema);
    },
    async reopen(store) {
      const { schema } = store as PostgresEventStore;
      await store.close();
      return open(schema);
    },
    beginLateAppend: holdAppendOpen,
  });
});

describePostgres('PostgresEventStore in a schema with a long name', () => {
  const schema = `${uniqueSchema('gl_test_long')}_${'x'.repeat(63)}`.slice(0, 63);
  afterAll(() => dropSchemas([schema]));

  it('appends and wakes subscribers although the plain channel name would exceed 63 bytes', async () => {
    const store = await open(schema);
    try {
      const received: string[] = [];
      const subscription = store.subscribe({ after: 0, onEvents: (events) => void received.push(...events.map((e) => e.id)) });
      const [event] = newEvents(1);
      await store.append(streamName(), [event], 'no-stream');
      await eventually(() => received.length === 1, () => 'event not delivered');
      await subscription.close();
      expect(received).toEqual([event.id]);
    } finally {
      await store.close();
    }
  });
});

describePostgres('PostgresEventStore durability settings', () => {
  const schema = uniqueSchema();
  afterAll(() => dropSchemas([schema]));

  it('reads fsync and synchronous_commit from the server and stays quiet when both are durable', async () => {
    const warnings: string[] = [];
    const store = await open(schema, { onWarning: (message) => warnings.push(message) });
    try {
      expect(store.durability()).toEqual({ fsync: 'on', synchronousCommit: 'on' });
      expect(warnings).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('warns when the sessions run with synchronous_commit=off', async () => {
    const warnings: string[] = [];
    const url = new URL(testDatabaseUrl);
    url.searchParams.set('options', '-c synchronous_commit=off');
    const store = await PostgresEventStore.open({ connectionString: url.href, schema, onWarning: (message) => warnings.push(message) });
    try {
      expect(store.durability().synchronousCommit).toBe('off');
      expect(warnings).toEqual([expect.stringContaining('synchronous_commit=off')]);
    } finally {
      await store.close();
    }
  });
});

describePostgres('PostgresEventStore durability settings changed while it runs', () => {
  const schema = uniqueSchema();
  // A role of this run, so that weakening its sessions touches no other suite.
  const role = `${schema}_writer`;
  const admin = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
  afterAll(async () => {
    await dropSchemas([schema]);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('checks every connection it opens, and warns once when the sessions opened later run with synchronous_commit=off', async () => {
    await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
    const url = new URL(testDatabaseUrl);
    url.username = role;
    const warnings: string[] = [];
    const store = await PostgresEventStore.open({ connectionString: url.href, schema, poolSize: 4, onWarning: (message) => warnings.push(message) });
    try {
      expect(warnings).toEqual([]);
      await admin.query(`ALTER ROLE ${role} SET synchronous_commit = off`);
      // Four appends at once need four connections: the pool opens those it does not have yet.
      await Promise.all([0, 1, 2, 3].map((i) => store.append(streamName(`weak-${i}`), newEvents(1), 'no-stream')));
      await eventually(() => warnings.length > 0, () => 'no warning about the connections opened after the change');
      expect(warnings).toEqual([expect.stringContaining('synchronous_commit=off')]);
    } finally {
      await store.close();
    }
  });
});

describePostgres('PostgresEventStore on two instances', () => {
  const schema = uniqueSchema();
  afterAll(() => dropSchemas([schema]));

  it('wakes a subscriber of the other instance through NOTIFY, long before its next poll', async () => {
    const writer = await open(schema);
    const reader = await open(schema, { pollIntervalMs: 600_000 });
    try {
      const received: string[] = [];
      const subscription = reader.subscribe({ after: 0, onEvents: (events) => void received.push(...events.map((e) => e.id)) });
      const listening = `SELECT 1 FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND strpos(query, $1) > 0`;
      await eventually(async () => (await writer.pool.query(listening, [`${schema}"`])).rowCount === 1, () => 'the reader does not listen yet');
      const [event] = newEvents(1);
      await writer.append(streamName(), [event], 'no-stream');
      await eventually(() => received.length === 1, () => 'the reader was not woken');
      await subscription.close();
      expect(received).toEqual([event.id]);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});
