import { expect, it } from '@jest/globals';
import type { ReadModel } from '#projections';
import { eventually } from '../support/events.js';
import {
  barrier,
  caughtUp,
  eventuallyAsync,
  expectedSeen,
  indexesOf,
  intercept,
  onBothBackends,
  runnerFixture,
  seen,
  seenPositions,
  write,
  type Backend,
  type Instance,
  type SeenTables,
} from '../support/runner-harness.js';

/** seen-positions with a query index, which a first generation over a long log gets only once it has caught up. */
function indexedSeenPositions(): ReadModel<SeenTables> {
  return {
    ...seenPositions(),
    createIndexes: async (db, table) => {
      await db.schema.createIndex(`${table('seen')}_by_stream`).ifNotExists().on(table('seen')).columns(['stream', 'position']).execute();
    },
  };
}

const INDEX = 'seen_g1_by_stream';
/** The logs here hold 80 events (`eightyEvents`): long, once a long stretch is 20 positions. */
const LONG = { analyzeAfter: 20 };

/** A first generation fills in place without its query indexes on a long log and creates them in one go once caught up. */
function firstGenerationIndexes(backend: Backend): void {
  const { open, connect, run, errors } = runnerFixture(backend);
  const hasIndex = async (instance: Instance) => (await indexesOf(instance, backend.dialect, 'seen_g1')).includes(INDEX);

  /** 2 × 40 events, several batches of 16 to fill in place; returns what was appended, by stream. */
  async function eightyEvents(instance: Instance): Promise<Map<string, number[]>> {
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 40, appended);
    return appended;
  }

  /** A log of 80 events, and the store with each commit noting whether the index existed yet. */
  async function filling(instance: Instance) {
    const appended = await eightyEvents(instance);
    const indexedAtCommit: boolean[] = [];
    const held = barrier();
    let indexing = false;
    const store = intercept(instance.store, {
      async commit(commit, ...args) {
        if (!indexing) indexedAtCommit.push(await hasIndex(instance));
        return commit(...args);
      },
      async createIndexes(createIndexes, ...args) {
        indexing = true;
        await held.pass();
        return createIndexes(...args);
      },
    });
    return { appended, indexedAtCommit, held, store };
  }

  it('fills a first generation over a long log without its query indexes, and creates them once it has caught up', async () => {
    const instance = await open();
    const { appended, indexedAtCommit, held, store } = await filling(instance);
    const runner = run(instance, indexedSeenPositions(), LONG, store);
    // Started on a log this short, the round that waits for the live generation may be the one indexing it.
    const started = runner.start();
    await held.reached;
    expect(runner.status().indexed).toBe(false);
    expect(indexedAtCommit.length).toBeGreaterThan(3);
    expect(indexedAtCommit).not.toContain(true);
    held.open();
    await started;
    await eventually(() => runner.status().indexed, () => JSON.stringify(runner.status()));
    expect(await hasIndex(instance)).toBe(true);
    await write(instance.events, 1, 10, appended);
    await caughtUp(runner, instance.events);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });

  it('creates them before the swap over a short log, where keeping them up to date costs little', async () => {
    const instance = await open();
    const appended = await eightyEvents(instance);
    const indexedAtCommit: boolean[] = [];
    const store = intercept(instance.store, {
      async commit(commit, ...args) {
        indexedAtCommit.push(await hasIndex(instance));
        return commit(...args);
      },
    });
    const runner = run(instance, indexedSeenPositions(), {}, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(indexedAtCommit.length).toBeGreaterThan(3);
    expect(indexedAtCommit).not.toContain(false);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    await eventually(() => runner.status().indexed, () => JSON.stringify(runner.status()));
    expect(errors).toEqual([]);
  });

  it('tells every instance that the live generation has no indexes yet, not only the one creating them', async () => {
    const a = await open();
    const { held, store } = await filling(a);
    const holder = run(a, indexedSeenPositions(), LONG, store);
    const started = holder.start();
    await held.reached;
    const follower = run(await connect(a.database), indexedSeenPositions(), LONG);
    await follower.start();
    expect(await follower.currentStatus()).toMatchObject({ holder: false, indexed: false });
    held.open();
    await started;
    await eventuallyAsync(async () => (await follower.currentStatus()).indexed, 'the follower never saw the indexes');
    expect(errors).toEqual([]);
  });

  it('creates them when the holder was stopped while it filled the first generation and another one finishes it', async () => {
    const first = await open();
    const appended = await eightyEvents(first);
    const stopHere = barrier();
    let commits = 0;
    const stopping = intercept(first.store, {
      async commit(commit, ...args) {
        if ((commits += 1) === 3) await stopHere.pass();
        return commit(...args);
      },
    });
    const holder = run(first, indexedSeenPositions(), LONG, stopping);
    await holder.start();
    await stopHere.reached;
    const stopped = holder.stop();
    stopHere.open();
    await stopped;
    expect(await hasIndex(first)).toBe(false);

    const next = await connect(first.database);
    const successor = run(next, indexedSeenPositions(), LONG);
    await successor.start();
    await caughtUp(successor, next.events);
    await eventually(() => successor.status().indexed, () => JSON.stringify(successor.status()));
    expect(await hasIndex(next)).toBe(true);
    expect(await seen(next.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });

  it('keeps following appends while a failing index build is retried, and reports the failure meanwhile', async () => {
    const instance = await open();
    const appended = await eightyEvents(instance);
    let failing = true;
    let attempts = 0;
    const store = intercept(instance.store, {
      async createIndexes(createIndexes, ...args) {
        attempts += 1;
        if (failing) throw new Error('could not extend file: disk full');
        return createIndexes(...args);
      },
    });
    const runner = run(instance, indexedSeenPositions(), LONG, store);
    await runner.start();
    await eventually(() => attempts >= 2, () => JSON.stringify(runner.status()));
    await write(instance.events, 1, 10, appended);
    await caughtUp(runner, instance.events);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(runner.status()).toMatchObject({ indexed: false, lastError: 'could not extend file: disk full' });
    failing = false;
    await eventually(() => runner.status().indexed, () => JSON.stringify(runner.status()));
    expect(await hasIndex(instance)).toBe(true);
    expect(runner.status().lastError).toBeNull();
    expect(new Set(errors)).toEqual(new Set(['seen-positions: could not extend file: disk full']));
  });
}

onBothBackends('A first generation’s query indexes', firstGenerationIndexes);
