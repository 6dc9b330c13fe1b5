import { expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { goalsReadModel, type RunnerStatus } from '#projections';
import { eventually, newEvent } from '../support/events.js';
import { recordGoals } from '../support/goal-events.js';
import {
  onBothBackends,
  caughtUp,
  eventuallyAsync,
  expectedSeen,
  hasPlannerStatistics,
  intercept,
  rememberingSeenPositions,
  runnerFixture,
  seen,
  seenPositions,
  write,
  type Backend,
  type Instance,
} from '../support/runner-harness.js';

/** One runner applying a read model: exactly once, across restarts and failures, beside other instances. */
function runnerReliability(backend: Backend): void {
  const { connect, open, run, errors } = runnerFixture(backend);

  it('applies every event exactly once while 8 writers append concurrently', async () => {
    const instance = await open();
    const runner = run(instance, seenPositions());
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 8, 25, appended);
    await caughtUp(runner, instance.events);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });

  it('resumes from the middle of the log after a restart without skipping or repeating events', async () => {
    const instance = await open();
    const first = run(instance, seenPositions());
    await first.start();
    const appended = new Map<string, number[]>();
    const writing = write(instance.events, 4, 40, appended);
    await eventually(() => first.status().checkpoint > 0, () => 'the first runner applied nothing');
    await first.stop();
    const stoppedAt = first.status().checkpoint;
    await writing;
    await write(instance.events, 2, 10, appended);
    expect(stoppedAt).toBeLessThan(await instance.events.headPosition());

    const restartedInstance = await open(instance);
    const froms: number[] = [];
    const store = intercept(restartedInstance.store, { commit: (commit, ...args) => (froms.push(args[2]), commit(...args)) });
    const restarted = run(restartedInstance, seenPositions(), {}, store);
    await restarted.start();
    await caughtUp(restarted, instance.events);
    expect(froms[0]).toBe(stoppedAt);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
  });

  it('retries a batch whose commit failed, applies it exactly once and reports the error meanwhile', async () => {
    const instance = await open();
    let failNext = true;
    let whileRetrying: RunnerStatus | undefined;
    const store = intercept(instance.store, {
      commit(commit, ...args) {
        if (!failNext) return commit(...args);
        failNext = false;
        throw new Error('disk full');
      },
    });
    const runner = run(instance, seenPositions(), { onError: (error) => (whileRetrying = runner.status()) && errors.push(String(error)) }, store);
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 20, appended);
    const head = await caughtUp(runner, instance.events);
    expect(errors).toEqual(['Error: disk full']);
    expect(whileRetrying).toMatchObject({ state: 'retrying', lastError: 'disk full' });
    expect(runner.status()).toMatchObject({ state: 'running', lastError: null, checkpoint: head });
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
  });

  it('forgets what a read model remembered of a batch whose commit failed, so the retry applies that batch', async () => {
    const instance = await open();
    let failures = 2;
    const store = intercept(instance.store, {
      commit(commit, ...args) {
        if (failures === 0 || args[5].length === 0) return commit(...args);
        failures -= 1;
        throw new Error('connection lost');
      },
    });
    const runner = run(instance, rememberingSeenPositions(), {}, store);
    await runner.start();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 20, appended);
    await caughtUp(runner, instance.events);
    expect(errors).toEqual(['seen-positions: connection lost', 'seen-positions: connection lost']);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
  });

  it('lets one of two instances apply the read model while the other follows it for read-your-writes', async () => {
    const a = await open();
    const b = await open(a);
    const commits = new Map<Instance, number>();
    const counting = (instance: Instance) =>
      intercept(instance.store, {
        async commit(commit, ...args) {
          const applied = await commit(...args);
          if (applied) commits.set(instance, (commits.get(instance) ?? 0) + 1);
          return applied;
        },
      });
    const runners = [run(a, seenPositions(), {}, counting(a)), run(b, seenPositions(), {}, counting(b))];
    await Promise.all(runners.map((runner) => runner.start()));
    expect(runners.map((runner) => runner.status().holder).sort()).toEqual([false, true]);
    const follower = runners.find((runner) => !runner.status().holder);

    const appended = new Map<string, number[]>();
    await Promise.all([write(a.events, 3, 10, appended), write(b.events, 3, 10, appended)]);
    const head = await b.events.headPosition();
    expect(await follower?.waitFor(head, 10_000)).toBe(true);
    expect(follower?.status()).toMatchObject({ state: 'following', holder: false });
    expect(await seen(a.store)).toEqual(expectedSeen(appended));
    // Only the holder wrote: one instance committed every batch, the other none.
    expect(commits.size).toBe(1);
    expect(errors).toEqual([]);
  });

  it('starts the goal views on two instances that open the same fresh database at the same moment', async () => {
    const database = backend.newDatabase();
    const [a, b] = await Promise.all([connect(database), connect(database)]);
    const both = [run(a, goalsReadModel), run(b, goalsReadModel)];
    await Promise.all(both.map((runner) => runner.start()));
    await recordGoals(a.events, [uuid(), uuid()]);
    for (const runner of both) await caughtUp(runner, a.events);
    expect(errors).toEqual([]);
  });

  it('gathers planner statistics for a generation filled in place once it has caught up on the log', async () => {
    const instance = await open();
    await recordGoals(instance.events, Array.from({ length: 6 }, () => uuid()));
    const runner = run(instance, goalsReadModel, { analyzeAfter: 20 });
    await runner.start();
    await caughtUp(runner, instance.events);
    await eventuallyAsync(() => hasPlannerStatistics(instance, backend.dialect, 'goal_versions_g1'), 'goal_versions_g1 has no statistics');
    expect(errors).toEqual([]);
  });

  it('keeps trying when its first round fails, and runs once the database answers', async () => {
    const instance = await open();
    let failures = 2;
    const store = intercept(instance.store, {
      generations(generations, name) {
        if (failures === 0) return generations(name);
        failures -= 1;
        return Promise.reject(new Error('database is starting up'));
      },
    });
    const runner = run(instance, seenPositions(), {}, store);
    await runner.start();
    await eventually(() => runner.status().state === 'running', () => `the runner is ${JSON.stringify(runner.status())}`);
    const appended = new Map<string, number[]>();
    await write(instance.events, 1, 10, appended);
    await caughtUp(runner, instance.events);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual(['seen-positions: database is starting up', 'seen-positions: database is starting up']);
  });

  it('resolves waitFor with true once the position is applied and with false after the timeout when it never is', async () => {
    const instance = await open();
    const runner = run(instance, seenPositions());
    await runner.start();
    const waiting = runner.waitFor(1, 10_000).then((reached) => [reached, runner.status().checkpoint]);
    const { position } = await instance.events.append(`count-${uuid()}`, [newEvent(1)], 'no-stream');
    expect(await waiting).toEqual([true, position]);
    expect(await runner.waitFor(position, 10)).toBe(true);
    expect(await runner.waitFor(position + 1000, 200)).toBe(false);
  });

  it('answers waitFor at once with false once stopped, instead of waiting out the timeout', async () => {
    const instance = await open();
    const runner = run(instance, seenPositions());
    await runner.start();
    await runner.stop();
    // With a timeout far beyond the test's own, only an immediate answer lets the test pass.
    expect(await runner.waitFor((await instance.events.headPosition()) + 1, 3_600_000)).toBe(false);
  });

  it('gives the event loop a turn between folding a batch and committing it', async () => {
    const instance = await open();
    const model = seenPositions();
    // A turn of the event loop asked for while a batch is folded; the commit notes whether it came first.
    let turned = false;
    const turnsBeforeCommits: boolean[] = [];
    const folding: typeof model = {
      ...model,
      apply(events, context) {
        turned = false;
        setImmediate(() => (turned = true));
        return model.apply(events, context);
      },
    };
    const store = intercept(instance.store, { commit: (commit, ...args) => (turnsBeforeCommits.push(turned), commit(...args)) });
    await write(instance.events, 2, 10, new Map());
    const runner = run(instance, folding, {}, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(turnsBeforeCommits.length).toBeGreaterThan(0);
    expect(turnsBeforeCommits.every(Boolean)).toBe(true);
  });

  it('serves a request that arrives during a long catch-up before the catch-up ends', async () => {
    const instance = await open();
    for (let i = 0; i < 40; i++) await instance.events.append(`count-${uuid()}`, Array.from({ length: 50 }, (_, n) => newEvent(n)), 'no-stream');
    const head = await instance.events.headPosition();
    const runner = run(instance, seenPositions(), { batchSize: 10 });
    await runner.start();
    // A request: a timer turn, then a query of the read model, as an HTTP request would make.
    const servedAt = await new Promise<number>((resolve) => setTimeout(() => void seen(instance.store).then(() => resolve(runner.status().checkpoint)), 0));
    expect(servedAt).toBeLessThan(head);
    await caughtUp(runner, instance.events);
  });
}

onBothBackends('ReadModelRunner', runnerReliability);
