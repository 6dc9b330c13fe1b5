import { expect, it } from '@jest/globals';
import type { ReadModel } from '#projections';
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
  type SeenTables,
} from '../support/runner-harness.js';

/** seen-positions with a query index, which a generation filled in place should get only once it has caught up. */
function indexedSeenPositions(): ReadModel<SeenTables> {
  return {
    ...seenPositions(),
    createIndexes: async (db, table) => {
      await db.schema.createIndex(`${table('seen')}_by_stream`).ifNotExists().on(table('seen')).columns(['stream', 'position']).execute();
    },
  };
}

const INDEX = 'seen_g1_by_stream';

/** A first generation fills in place without its query indexes and creates them in one go once caught up. */
function firstGenerationIndexes(backend: Backend): void {
  const { open, connect, run, errors } = runnerFixture(backend);

  it('fills a first generation without its query indexes, and creates them once it has caught up, unready meanwhile', async () => {
    const instance = await open();
    const appended = new Map<string, number[]>();
    // 2 × 40 events: several batches of 16 to fill in place.
    await write(instance.events, 2, 40, appended);
    const indexedAtCommit: boolean[] = [];
    let indexing = false;
    const held = barrier();
    const store = intercept(instance.store, {
      async commit(commit, ...args) {
        if (!indexing) indexedAtCommit.push((await indexesOf(instance, backend.dialect, 'seen_g1')).includes(INDEX));
        return commit(...args);
      },
      async createIndexes(createIndexes, ...args) {
        indexing = true;
        await held.pass();
        return createIndexes(...args);
      },
    });
    const runner = run(instance, indexedSeenPositions(), {}, store);
    await runner.start();
    await held.reached;
    expect(runner.status().state).toBe('indexing');
    expect(indexedAtCommit.length).toBeGreaterThan(3);
    expect(indexedAtCommit).not.toContain(true);
    held.open();
    await eventuallyAsync(async () => (await indexesOf(instance, backend.dialect, 'seen_g1')).includes(INDEX), `${INDEX} was never created`);
    await write(instance.events, 1, 10, appended);
    await caughtUp(runner, instance.events);
    expect(runner.status().state).toBe('running');
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });

  it('creates them when the holder was stopped while it filled the first generation and another one finishes it', async () => {
    const first = await open();
    const appended = new Map<string, number[]>();
    await write(first.events, 2, 40, appended);
    const stopHere = barrier();
    let commits = 0;
    const stopping = intercept(first.store, {
      async commit(commit, ...args) {
        if ((commits += 1) === 3) await stopHere.pass();
        return commit(...args);
      },
    });
    const holder = run(first, indexedSeenPositions(), {}, stopping);
    await holder.start();
    await stopHere.reached;
    const stopped = holder.stop();
    stopHere.open();
    await stopped;
    expect(await indexesOf(first, backend.dialect, 'seen_g1')).not.toContain(INDEX);

    const next = await connect(first.database);
    const successor = run(next, indexedSeenPositions());
    await successor.start();
    await caughtUp(successor, next.events);
    await eventuallyAsync(async () => (await indexesOf(next, backend.dialect, 'seen_g1')).includes(INDEX), `${INDEX} was never created`);
    expect(await seen(next.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });
}

onBothBackends('A first generation’s query indexes', firstGenerationIndexes);
