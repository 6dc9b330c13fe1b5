import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v4 as uuid } from 'uuid';
import { goalStream } from '#domain';
import { PostgresEventStore } from '#event-store';
import { goalDetailsProjection, goalHistoryProjection, type GoalHistory, type RunnerStatus } from '#projections';
import { eventually, newEvent, sleep } from '../support/events.js';
import { recordGoals } from '../support/goal-events.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { caughtUp, documentsOf, intercept, outcome, postgresBackend, seenPositions, snapshot, sqliteBackend, write, runnerFixture, type Backend, type Instance } from '../support/runner-harness.js';


function runnerReliability(backend: Backend): void {
  const { connect, open, run } = runnerFixture(backend);

  it('applies every event exactly once while 8 writers append concurrently', async () => {
    const instance = await open();
    const runner = run(instance, seenPositions());
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 8, 25, appended);
    const head = await caughtUp(runner, instance.events);
    expect(await snapshot(instance.projections, 'seen-positions')).toEqual(documentsOf(appended));
    expect(await instance.projections.checkpoint('seen-positions')).toMatchObject({ position: head });
  });

  it('resumes from its checkpoint after a stop and a start without skipping or repeating events', async () => {
    const instance = await open();
    const first = run(instance, seenPositions());
    await first.start();
    const appended = new Map<string, number[]>();
    const writing = write(instance.events, 4, 40, appended);
    await eventually(() => first.checkpoint > 0, () => 'the first runner applied nothing');
    await first.stop();
    const stoppedAt = first.checkpoint;
    expect(await instance.projections.checkpoint('seen-positions')).toMatchObject({ position: stoppedAt });
    await writing;
    await write(instance.events, 2, 10, appended);

    const restartedInstance = await open(instance);
    const froms: number[] = [];
    const restarted = run(restartedInstance, seenPositions(), {}, intercept(restartedInstance.projections, { commit: (from) => froms.push(from) }));
    await restarted.start();
    await caughtUp(restarted, instance.events);
    expect(froms[0]).toBe(stoppedAt);
    expect(first.checkpoint).toBe(stoppedAt);
    expect(await snapshot(instance.projections, 'seen-positions')).toEqual(documentsOf(appended));
  });

  it('retries a batch whose commit failed, applies it exactly once and reports the error meanwhile', async () => {
    const instance = await open();
    const errors: [string, string][] = [];
    let failNext = true;
    let statusWhileRetrying: RunnerStatus | undefined;
    const store = intercept(instance.projections, {
      commit() {
        if (!failNext) return;
        failNext = false;
        throw new Error('disk full');
      },
    });
    const onError = (error: unknown, projection: string) => {
      errors.push([error instanceof Error ? error.message : String(error), projection]);
      statusWhileRetrying = runner.status();
    };
    const runner = run(instance, seenPositions(), { retryDelayMs: 50, onError }, store);
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 20, appended);
    const head = await caughtUp(runner, instance.events);
    expect(errors).toEqual([['disk full', 'seen-positions']]);
    expect(statusWhileRetrying).toMatchObject({ state: 'retrying', lastError: 'disk full' });
    expect(runner.status()).toMatchObject({ state: 'running', lastError: null, checkpoint: head });
    expect(await snapshot(instance.projections, 'seen-positions')).toEqual(documentsOf(appended));
  });

  it('never double-applies an event when two instances run the same projection over the same stores', async () => {
    const a = await open();
    const b = await open(a);
    let refused = 0;
    const counting = (instance: Instance) => intercept(instance.projections, { committed: (applied) => void (refused += applied ? 0 : 1) });
    const both = [run(a, seenPositions(), { batchSize: 5 }, counting(a)), run(b, seenPositions(), { batchSize: 5 }, counting(b))];
    await Promise.all(both.map((runner) => runner.start()));
    const appended = new Map<string, number[]>();
    await Promise.all([write(a.events, 4, 25, appended), write(b.events, 4, 25, appended)]);
    for (const runner of both) await caughtUp(runner, a.events);
    // Both started at 0, so one of them must have lost a compare-and-set: the test did exercise it.
    expect(refused).toBeGreaterThan(0);
    expect(await snapshot(a.projections, 'seen-positions')).toEqual(documentsOf(appended));
  });

  it('starts goal-details on two instances that open the same fresh database at the same moment', async () => {
    const database = backend.newDatabase();
    const opened = await Promise.allSettled([connect(database), connect(database)]);
    expect(opened.map(outcome)).toEqual(['fulfilled', 'fulfilled']);
    const [a, b] = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const both = [run(a, goalDetailsProjection), run(b, goalDetailsProjection)];
    expect((await Promise.allSettled(both.map((runner) => runner.start()))).map(outcome)).toEqual(['fulfilled', 'fulfilled']);
    await recordGoals(a.events, [uuid(), uuid()]);
    for (const runner of both) await caughtUp(runner, a.events);
  });

  it('can be started again after its first start failed', async () => {
    const instance = await open();
    let failPrepare = true;
    const store = intercept(instance.projections, {
      prepare() {
        if (!failPrepare) return;
        failPrepare = false;
        throw new Error('database is starting up');
      },
    });
    const runner = run(instance, seenPositions(), {}, store);
    await expect(runner.start()).rejects.toThrow('database is starting up');
    await runner.start();
    expect(runner.status().state).toBe('running');
    const appended = new Map<string, number[]>();
    await write(instance.events, 1, 10, appended);
    await caughtUp(runner, instance.events);
    expect(await snapshot(instance.projections, 'seen-positions')).toEqual(documentsOf(appended));
  });

  it('resolves waitFor with true once the position is applied and with false after the timeout when it never is', async () => {
    const instance = await open();
    const runner = run(instance, seenPositions());
    await runner.start();
    const waiting = runner.waitFor(1, 10_000).then((reached) => [reached, runner.checkpoint]);
    const { position } = await instance.events.append(`count-${uuid()}`, [newEvent(1)], 'no-stream');
    expect(await waiting).toEqual([true, position]);
    expect(await runner.waitFor(position, 10)).toBe(true);
    expect(await runner.waitFor(position + 1000, 200)).toBe(false);
    expect(runner.checkpoint).toBe(position);
  });

  it('rebuilds goal-details and goal-history into documents identical to the live run', async () => {
    const instance = await open();
    const live = [run(instance, goalDetailsProjection), run(instance, goalHistoryProjection)];
    await Promise.all(live.map((runner) => runner.start()));
    const goalIds = Array.from({ length: 9 }, () => uuid());
    await recordGoals(instance.events, goalIds);
    for (const runner of live) await caughtUp(runner, instance.events);
    const details = await snapshot(instance.projections, 'goal-details');
    const history = await snapshot(instance.projections, 'goal-history');
    expect(Object.keys(details).sort()).toEqual([...goalIds].sort());
    for (const goalId of goalIds) {
      const stream = await instance.events.readStream(goalStream(goalId));
      const last = stream[stream.length - 1];
      expect(details[goalId]).toMatchObject({ id: goalId, revision: last.revision, position: last.position });
      expect((history[goalId] as GoalHistory).entries.map((entry) => entry.eventId)).toEqual(stream.map((event) => event.id));
    }
    // Damaged documents show that the rebuild replays the log rather than keeping what is there.
    const head = await instance.events.headPosition();
    const damaged = (document: object) => new Map([[goalIds[0], document]]);
    expect(await instance.projections.commit(goalDetailsProjection, head, head, damaged({ id: goalIds[0], title: 'verfälscht' }))).toBe(true);
    expect(await instance.projections.commit(goalHistoryProjection, head, head, damaged({ goalId: goalIds[0], entries: [] }))).toBe(true);

    for (const runner of live) await runner.rebuild();
    for (const runner of live) await caughtUp(runner, instance.events);
    expect(await snapshot(instance.projections, 'goal-details')).toEqual(details);
    expect(await snapshot(instance.projections, 'goal-history')).toEqual(history);
  });

  it('rebuilds a projection whose version changed from position 0 when it starts', async () => {
    const instance = await open();
    const v1 = run(instance, seenPositions(1));
    await v1.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 20, appended);
    await caughtUp(v1, instance.events);
    await v1.stop();

    const froms: number[] = [];
    const v2 = run(instance, seenPositions(2), {}, intercept(instance.projections, { commit: (from) => froms.push(from) }));
    await v2.start();
    const head = await caughtUp(v2, instance.events);
    expect(froms[0]).toBe(0);
    expect(v2.status()).toMatchObject({ version: 2, checkpoint: head });
    expect(await instance.projections.checkpoint('seen-positions')).toMatchObject({ version: 2, position: head });
    expect(await snapshot(instance.projections, 'seen-positions')).toEqual(documentsOf(appended, 2));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ProjectionRunner on SQLite', () => {
  runnerReliability(sqliteBackend(dir));
});

const schemas: string[] = [];

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

describePostgres('ProjectionRunner on PostgreSQL', () => {
  afterAll(async () => {
    // A leaked LISTEN connection (see the test below) would keep Jest from exiting.
    for (const schema of schemas) await listeners(schema, true);
    await dropSchemas(schemas);
  });

  runnerReliability(postgresBackend(schemas));

  it('leaves no LISTEN connection open once closed, after subscriptions ended and began while the listener connected', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const events = await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema, pollIntervalMs: 50 });
    // What a runner does after each lost compare-and-set or failed batch: end its subscription, subscribe again.
    for (let i = 0; i < 20; i++) await events.subscribe({ after: 0, onEvents: () => undefined }).close();
    const last = events.subscribe({ after: 0, onEvents: () => undefined });
    expect(await pollListeners(schema, (count) => count > 0)).toBeGreaterThan(0);
    await last.close();
    await events.close();
    expect(await pollListeners(schema, (count) => count === 0)).toBe(0);
  });
});
