import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectionSuperseded, type Projection, type ProjectionStore } from '#projections';
import { eventually, sleep } from '../support/events.js';
import { describePostgres, dropSchemas } from '../support/postgres.js';
import {
  caughtUp,
  documentsOf,
  intercept,
  postgresBackend,
  seenPositions,
  snapshot,
  sqliteBackend,
  write,
  runnerFixture,
  type Backend,
  type Instance,
} from '../support/runner-harness.js';

/** Versions and lifecycles: rolling deploys of a new fold, and overlapping start, stop and rebuild. */
function lifecycle(backend: Backend): void {
  const fixture = runnerFixture(backend);
  const { open } = fixture;
  const run = (instance: Instance, projection: Projection, store: ProjectionStore = instance.projections) =>
    fixture.run(instance, projection, { retryDelayMs: 50 }, store);

  it('hands the read model to a newer version during a rolling deploy and never writes to it again', async () => {
    const old = await open();
    const appended = new Map<string, number[]>();
    const v1Commits: number[] = [];
    const v1 = run(old, seenPositions(1), intercept(old.projections, { committed: (applied) => applied && v1Commits.push(1) }));
    await v1.start();
    await write(old.events, 2, 10, appended);
    await caughtUp(v1, old.events);

    const upgraded = await open(old);
    const v2 = run(upgraded, seenPositions(2));
    await v2.start();
    v1Commits.length = 0;
    await write(upgraded.events, 2, 10, appended);
    const head = await caughtUp(v2, upgraded.events);
    await eventually(() => v1.status().state === 'superseded', () => `v1 is ${v1.status().state}`);

    expect(v1Commits).toEqual([]);
    expect(v1.status().lastError).toMatch(/version 2/);
    expect(await v1.waitFor(head, 5000)).toBe(true);
    expect(await upgraded.projections.checkpoint('seen-positions')).toMatchObject({ version: 2, position: head });
    expect(await snapshot(upgraded.projections, 'seen-positions')).toEqual(documentsOf(appended, 2));

    // An old instance that restarts leaves the newer read model alone and refuses to rebuild it.
    await v1.stop();
    await v1.start();
    expect(v1.status().state).toBe('superseded');
    await expect(v1.rebuild()).rejects.toBeInstanceOf(ProjectionSuperseded);
    expect(await upgraded.projections.checkpoint('seen-positions')).toMatchObject({ version: 2, position: head });
  });

  it('never moves the checkpoint backwards nor keeps applying after stop when rebuilds and stops overlap', async () => {
    const instance = await open();
    const commits: [number, number][] = [];
    const runner = run(instance, seenPositions(), intercept(instance.projections, { commit: (from, to) => commits.push([from, to]) }));
    const appended = new Map<string, number[]>();
    await runner.start();
    await write(instance.events, 4, 25, appended);

    await Promise.all([runner.rebuild(), runner.rebuild(), runner.stop(), runner.rebuild(), runner.stop()]);
    expect(runner.status().state).toBe('stopped');
    const committedWhenStopped = commits.length;
    await sleep(200);
    expect(commits.length).toBe(committedWhenStopped);
    for (const [from, to] of commits) expect(to).toBeGreaterThanOrEqual(from);

    await runner.start();
    await caughtUp(runner, instance.events);
    expect(await snapshot(instance.projections, 'seen-positions')).toEqual(documentsOf(appended));
  });

  it('answers waitFor at once with false once stopped, instead of waiting out the timeout', async () => {
    const instance = await open();
    const runner = run(instance, seenPositions());
    await runner.start();
    await runner.stop();
    // With a timeout far beyond the test's own, only an immediate answer lets the test pass.
    expect(await runner.waitFor((await instance.events.headPosition()) + 1, 3_600_000)).toBe(false);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ProjectionRunner lifecycle on SQLite', () => lifecycle(sqliteBackend(dir)));

describePostgres('ProjectionRunner lifecycle on PostgreSQL', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));
  lifecycle(postgresBackend(schemas));
});
