import { expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { v4 as uuid } from 'uuid';
import { currentView, GoalHistoryQueries, GoalQueries, goalsReadModel, ProjectionSuperseded, type GoalTables, type ReadModelStore } from '#projections';
import { eventually } from '../support/events.js';
import { recordGoals } from '../support/goal-events.js';
import {
  onBothBackends,
  barrier,
  caughtUp,
  eventuallyAsync,
  expectedSeen,
  intercept,
  runnerFixture,
  seen,
  seenPositions,
  write,
  type Backend,
} from '../support/runner-harness.js';

/** Everything the goal read models answer about `goalIds`. */
async function goalSnapshot(store: ReadModelStore, goalIds: readonly string[]) {
  const goals = new GoalQueries(store.views<GoalTables>());
  const histories = new GoalHistoryQueries(store.views<GoalTables>());
  // One instant for every question, so that the two snapshots compared are asked the same thing.
  const view = currentView(new Date('2030-01-01T00:00:00.000Z'));
  return {
    list: await goals.list({}, { field: 'id', descending: false }, undefined, 1000, view),
    goals: await Promise.all(goalIds.map((id) => goals.get(id, view))),
    histories: await Promise.all(goalIds.map((id) => histories.entries(id, view))),
  };
}

/** Rebuilds in the shadow, version bumps and rolling deploys. */
function rebuilds(backend: Backend): void {
  const { open, run, errors } = runnerFixture(backend);

  it('builds a rebuild in the shadow while the live generation keeps serving complete data, then swaps', async () => {
    const instance = await open();
    const shadowCommit = barrier();
    const store = intercept(instance.store, {
      async commit(commit, ...args) {
        if (args[1] === 2) await shadowCommit.pass();
        return commit(...args);
      },
    });
    const runner = run(instance, seenPositions(), {}, store);
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 20, appended);
    await caughtUp(runner, instance.events);

    expect(await runner.rebuild()).toBe(true);
    await shadowCommit.reached;
    // The shadow has tables and a batch in hand; the live generation keeps serving and applying.
    await write(instance.events, 2, 10, appended);
    expect(await runner.waitFor(await instance.events.headPosition(), 10_000)).toBe(true);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(runner.status()).toMatchObject({ generation: 1, rebuild: { generation: 2, version: 1, checkpoint: 0 } });

    shadowCommit.open();
    await eventually(() => runner.status().generation === 2, () => JSON.stringify(runner.status()));
    expect(runner.status().rebuild).toBeNull();
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    // The retired generation's tables are dropped by the next round.
    await eventuallyAsync(async () => (await instance.store.generations('seen-positions')).length === 1, 'generation 1 is dropped');
    expect((await instance.store.generations('seen-positions')).map((g) => [g.generation, g.state])).toEqual([[2, 'live']]);
    expect(errors).toEqual([]);
  });

  it('rebuilds the goal views into tables identical to the live run', async () => {
    const instance = await open();
    const live = [run(instance, goalsReadModel)];
    await Promise.all(live.map((runner) => runner.start()));
    const goalIds = Array.from({ length: 9 }, () => uuid());
    await recordGoals(instance.events, goalIds);
    for (const runner of live) await caughtUp(runner, instance.events);
    const before = await goalSnapshot(instance.store, goalIds);
    expect(before.list.map((goal) => goal.id).sort()).toEqual([...goalIds].sort());
    // Damaged rows show that the rebuild replays the log rather than copying what is there.
    await sql`update goal_versions_g1 set title = 'verfälscht'`.execute(instance.store.database.db);
    await sql`delete from goal_facts_g1 where revision > 0`.execute(instance.store.database.db);

    for (const runner of live) expect(await runner.rebuild()).toBe(true);
    for (const runner of live) await eventually(() => runner.status().generation === 2, () => JSON.stringify(runner.status()));
    expect(await goalSnapshot(instance.store, goalIds)).toEqual(before);
    expect(errors).toEqual([]);
  });

  it('keeps serving and updating the live generation while a failing rebuild retries, and reports its error', async () => {
    const instance = await open();
    let failures = 3;
    const store = intercept(instance.store, {
      commit(commit, ...args) {
        if (args[1] !== 2 || failures === 0) return commit(...args);
        failures -= 1;
        return Promise.reject(new Error('no space left on device'));
      },
    });
    const reported: unknown[] = [];
    const runner = run(instance, seenPositions(), { onError: () => reported.push(runner.status()) }, store);
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 1, 10, appended);
    await caughtUp(runner, instance.events);

    await runner.rebuild();
    await eventually(() => reported.length >= 1, () => 'no failure reported');
    await write(instance.events, 1, 10, appended);
    expect(await runner.waitFor(await instance.events.headPosition(), 10_000)).toBe(true);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    await eventually(() => runner.status().generation === 2, () => JSON.stringify(runner.status()));
    expect(reported).toHaveLength(3);
    for (const status of reported) {
      expect(status).toMatchObject({ state: 'running', generation: 1, lastError: null, rebuild: { generation: 2, lastError: 'no space left on device' } });
    }
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
  });

  it('answers a second rebuild request while one is under way without starting another', async () => {
    const instance = await open();
    const shadowCommit = barrier();
    const store = intercept(instance.store, {
      async commit(commit, ...args) {
        if (args[1] === 2) await shadowCommit.pass();
        return commit(...args);
      },
    });
    const runner = run(instance, seenPositions(), {}, store);
    await runner.start();
    await write(instance.events, 1, 5, new Map());
    expect(await Promise.all([runner.rebuild(), runner.rebuild()])).toEqual(expect.arrayContaining([true, false]));
    expect(await runner.rebuild()).toBe(false);
    await shadowCommit.reached;
    expect((await instance.store.generations('seen-positions')).map((g) => g.state)).toEqual(['live', 'building']);
    shadowCommit.open();
    await eventually(() => runner.status().generation === 2, () => JSON.stringify(runner.status()));
  });

  it('builds a new version from position 0 in the shadow when it starts, and swaps it in', async () => {
    const instance = await open();
    const v1 = run(instance, seenPositions(1));
    await v1.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 20, appended);
    await caughtUp(v1, instance.events);
    await v1.stop();

    const froms: number[] = [];
    const v2 = run(instance, seenPositions(2), {}, intercept(instance.store, { commit: (commit, ...args) => (froms.push(args[2]), commit(...args)) }));
    await v2.start();
    expect(await seen(instance.store)).toEqual(expectedSeen(appended, 1));
    await eventually(() => v2.status().generation === 2, () => JSON.stringify(v2.status()));
    expect(froms[0]).toBe(0);
    expect(v2.status()).toMatchObject({ version: 2, state: 'running', checkpoint: await instance.events.headPosition() });
    expect(await seen(instance.store)).toEqual(expectedSeen(appended, 2));
  });

  it('hands the read model to a newer version during a rolling deploy, after which the old one never writes again', async () => {
    const old = await open();
    let oldCommits = 0;
    const v1 = run(old, seenPositions(1), {}, intercept(old.store, { commit: (commit, ...args) => (oldCommits++, commit(...args)) }));
    await v1.start();
    const appended = new Map<string, number[]>();
    await write(old.events, 2, 10, appended);
    await caughtUp(v1, old.events);

    const upgraded = await open(old);
    const shadowCommit = barrier();
    const v2 = run(upgraded, seenPositions(2), {}, intercept(upgraded.store, {
      async commit(commit, ...args) {
        await shadowCommit.pass();
        return commit(...args);
      },
    }));
    await v2.start();
    await shadowCommit.reached;
    // While the new version builds, the old one keeps the live generation applied for both.
    await Promise.all([write(old.events, 2, 10, appended), write(upgraded.events, 2, 10, appended)]);
    const during = await old.events.headPosition();
    expect(await v2.waitFor(during, 10_000)).toBe(true);
    expect(await seen(upgraded.store)).toEqual(expectedSeen(appended, 1));
    expect(v1.status()).toMatchObject({ state: 'running', generation: 1, rebuild: { version: 2 } });

    shadowCommit.open();
    await eventually(() => v2.status().generation === 2, () => JSON.stringify(v2.status()));
    await eventually(() => v1.status().state === 'superseded', () => JSON.stringify(v1.status()));
    const commitsWhenSuperseded = oldCommits;
    await write(old.events, 2, 10, appended);
    const head = await old.events.headPosition();
    expect(await v1.waitFor(head, 10_000)).toBe(true);
    expect(await v2.waitFor(head, 10_000)).toBe(true);
    expect(oldCommits).toBe(commitsWhenSuperseded);
    expect(v1.status().lastError).toMatch(/version 2/);
    expect(await seen(upgraded.store)).toEqual(expectedSeen(appended, 2));

    // An old instance that restarts leaves the newer read model alone and refuses to rebuild it.
    await v1.stop();
    await v1.start();
    expect(v1.status().state).toBe('superseded');
    await expect(v1.rebuild()).rejects.toBeInstanceOf(ProjectionSuperseded);
    expect(errors).toEqual([]);
  });

  it('stops applying when stopped, whatever rebuilds and stops overlap, and resumes where it stopped', async () => {
    const instance = await open();
    let commitsOfFirst = 0;
    const first = run(instance, seenPositions(), {}, intercept(instance.store, { commit: (commit, ...args) => (commitsOfFirst++, commit(...args)) }));
    await first.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 4, 25, appended);
    await Promise.all([first.rebuild(), first.rebuild(), first.stop(), first.rebuild(), first.stop()]);
    expect(first.status().state).toBe('stopped');
    const committedWhenStopped = commitsOfFirst;

    // Another instance takes over at once (the stop released the lease) and applies what follows.
    const second = run(await open(instance), seenPositions());
    await second.start();
    await write(instance.events, 2, 10, appended);
    await eventually(() => second.status().generation !== null && second.status().rebuild === null, () => JSON.stringify(second.status()));
    await caughtUp(second, instance.events);
    expect(commitsOfFirst).toBe(committedWhenStopped);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });
}

onBothBackends('read model rebuilds', rebuilds);
