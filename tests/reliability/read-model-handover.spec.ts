import { expect, it } from '@jest/globals';
import type { Generation, ReadModelStore } from '#projections';
import { eventually } from '../support/events.js';
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

const MODEL = 'seen-positions';

/**
 * An instance's store that stops once before taking the lease, after a round of its read the registry
 * with a generation building at position 0: the moment another holder can still commit, swap or hand over.
 */
function pausedBeforeLease(store: ReadModelStore) {
  const paused = barrier();
  const armed = { on: false };
  let read: Generation[] = [];
  const wrapped = intercept(store, {
    async generations(generations, ...args) {
      read = await generations(...args);
      return read;
    },
    async acquireLease(acquire, ...args) {
      if (armed.on && read.some((g) => g.state === 'building' && g.position === 0)) {
        armed.on = false;
        await paused.pass();
      }
      return acquire(...args);
    },
  });
  return { store: wrapped, paused, arm: () => (armed.on = true) };
}

/** The store of a holder whose commits to generation 2 (the shadow) stop at `first` and then at `rest`. */
function heldShadowCommits(store: ReadModelStore) {
  const first = barrier();
  const rest = barrier();
  let commits = 0;
  const wrapped = intercept(store, {
    async commit(commit, ...args) {
      if (args[1] === 2) await (++commits === 1 ? first.pass() : rest.pass());
      return commit(...args);
    },
  });
  return { store: wrapped, first, rest };
}

/**
 * A lease changing hands while a rebuild starts: the new holder's round may have read the registry before
 * the old holder committed to its shadow, or swapped it in. Acting on that reading, it once dropped and
 * recreated the shadow's tables (losing the batches whose checkpoint stayed), or the live ones on SQLite.
 */
function handover(backend: Backend): void {
  const { open, run, errors } = runnerFixture(backend);

  it('keeps the batches the previous holder committed to its shadow after the successor read the registry', async () => {
    const a = await open();
    const b = await open(a);
    const held = heldShadowCommits(a.store);
    const holder = run(a, seenPositions(), { rebuildBatchSize: 5 }, held.store);
    await holder.start();
    const appended = new Map<string, number[]>();
    await write(a.events, 1, 20, appended);
    await caughtUp(holder, a.events);
    const next = pausedBeforeLease(b.store);
    const successor = run(b, seenPositions(), { rebuildBatchSize: 5 }, next.store);
    await successor.start();
    expect(successor.status().holder).toBe(false);

    await holder.rebuild();
    await held.first.reached;
    next.arm();
    await next.paused.reached;
    held.first.open();
    await eventuallyAsync(async () => (await a.store.generations(MODEL)).some((g) => g.generation === 2 && g.position > 0), 'the shadow moved');
    const stopping = holder.stop();
    held.rest.open();
    await stopping;
    next.paused.open();

    await eventually(() => successor.status().generation === 2, () => JSON.stringify(successor.status()));
    await caughtUp(successor, b.events);
    expect(await seen(b.store)).toEqual(expectedSeen(appended));
  });

  it('keeps the generation the previous holder swapped in after the successor read it as building', async () => {
    const a = await open();
    const b = await open(a);
    const held = heldShadowCommits(a.store);
    held.rest.open();
    const holder = run(a, seenPositions(), {}, held.store);
    await holder.start();
    const appended = new Map<string, number[]>();
    await write(a.events, 1, 20, appended);
    await caughtUp(holder, a.events);
    const next = pausedBeforeLease(b.store);
    const successor = run(b, seenPositions(), {}, next.store);
    await successor.start();

    await holder.rebuild();
    await held.first.reached;
    next.arm();
    await next.paused.reached;
    held.first.open();
    await eventually(() => holder.status().generation === 2, () => JSON.stringify(holder.status()));
    await holder.stop();
    next.paused.open();

    await eventually(() => successor.status().holder, () => JSON.stringify(successor.status()));
    await write(b.events, 1, 5, appended);
    await caughtUp(successor, b.events);
    expect(await seen(b.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });
}

onBothBackends('a lease handed over while a rebuild starts,', handover);
