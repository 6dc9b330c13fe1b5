import { expect, it } from '@jest/globals';
import { eventually } from '../support/events.js';
import {
  onBothBackends,
  barrier,
  caughtUp,
  expectedSeen,
  intercept,
  runnerFixture,
  seen,
  seenPositions,
  write,
  type Backend,
} from '../support/runner-harness.js';

const LEASE_MS = 5000;

/** A clock the test moves: instances disagree about nothing but what the test says. */
function testClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

/** One runner per read model across instances: takeover when the holder dies, fencing when it comes back. */
function leases(backend: Backend): void {
  const { open, run, errors } = runnerFixture(backend);

  it('takes over once the holder has stopped renewing its lease, and not before', async () => {
    const a = await open();
    const b = await open(a);
    // The holder dies: it neither renews nor gives its lease back.
    const dying = intercept(a.store, { releaseLease: async () => undefined });
    const holder = run(a, seenPositions(), { leaseMs: LEASE_MS }, dying);
    await holder.start();
    expect(holder.status().holder).toBe(true);
    const clock = testClock();
    let refused = 0;
    const counting = intercept(b.store, { acquireLease: async (acquire, ...args) => ((await acquire(...args)) || (refused++, false)) });
    const successor = run(b, seenPositions(), { leaseMs: LEASE_MS, clock: clock.now }, counting);
    await holder.stop();
    await successor.start();

    await eventually(() => refused >= 3, () => 'the successor did not try again');
    expect(successor.status()).toMatchObject({ holder: false, state: 'following' });
    clock.advance(LEASE_MS + 1);
    await eventually(() => successor.status().holder, () => JSON.stringify(successor.status()));
    const appended = new Map<string, number[]>();
    await write(b.events, 2, 10, appended);
    await caughtUp(successor, b.events);
    expect(await seen(b.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });

  it('gives its lease back on stop even while a renewal is still on its way, so that another instance takes over at once', async () => {
    const a = await open();
    const b = await open(a);
    const round = barrier();
    const renewal = barrier();
    const released = barrier();
    const armed = { round: false, renewal: false };
    const slow = intercept(a.store, {
      // A round of upkeep held at its first read keeps `ticking` set: the timer then only renews the lease.
      generations: async (generations, ...args) => {
        if (armed.round) await ((armed.round = false), round.pass());
        return generations(...args);
      },
      acquireLease: async (acquire, ...args) => {
        if (armed.renewal) await ((armed.renewal = false), renewal.pass());
        return acquire(...args);
      },
      releaseLease: async (release, ...args) => {
        void released.pass();
        return release(...args);
      },
    });
    const holder = run(a, seenPositions(), {}, slow);
    await holder.start();
    expect(holder.status().holder).toBe(true);
    armed.round = true;
    await round.reached;
    armed.renewal = true;
    await renewal.reached;

    const stopped = holder.stop();
    round.open();
    // Without waiting for the renewal, stop would give the lease back now and the late renewal take it again.
    await Promise.race([released.reached, stopped, new Promise((resolve) => setTimeout(resolve, 200))]);
    renewal.open();
    await stopped;
    released.open();

    const successor = run(b, seenPositions());
    await successor.start();
    await eventually(() => successor.status().holder, () => `the lease stayed with the stopped holder: ${JSON.stringify(successor.status())}`);
    expect(errors).toEqual([]);
  });

  it('refuses the commit of a paused holder once another instance took over, even from the checkpoint it left', async () => {
    const a = await open();
    const b = await open(a);
    /** Holds the first commit at a barrier, as a process stopped by the OS or a long GC pause would. */
    const holdingFirstCommit = (store: typeof a.store) => {
      const held = { barrier: barrier(), commit: undefined as Promise<boolean> | undefined };
      const intercepted = intercept(store, {
        commit(commit, ...args) {
          if (held.commit) return commit(...args);
          held.commit = held.barrier.pass().then(() => commit(...args));
          return held.commit;
        },
      });
      return { held, intercepted };
    };
    const paused = holdingFirstCommit(a.store);
    const stale = run(a, seenPositions(), { leaseMs: LEASE_MS }, paused.intercepted);
    await stale.start();
    const clock = testClock();
    const next = holdingFirstCommit(b.store);
    const successor = run(b, seenPositions(), { leaseMs: LEASE_MS, clock: clock.now }, next.intercepted);
    await successor.start();
    const appended = new Map<string, number[]>();
    await write(a.events, 2, 10, appended);
    await paused.held.barrier.reached;

    clock.advance(2 * LEASE_MS);
    await eventually(() => successor.status().holder, () => JSON.stringify(successor.status()));
    await next.held.barrier.reached;
    // Both hold a batch from the same checkpoint: only the lease tells them apart.
    paused.held.barrier.open();
    expect(await paused.held.commit).toBe(false);
    next.held.barrier.open();
    expect(await next.held.commit).toBe(true);
    await caughtUp(successor, b.events);
    await eventually(() => stale.status().state === 'following', () => JSON.stringify(stale.status()));
    await write(b.events, 1, 10, appended);
    await caughtUp(successor, b.events);
    expect(await seen(b.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
  });

  it('keeps its lease through a round of upkeep that lasts longer than the lease', async () => {
    const a = await open();
    const b = await open(a);
    const indexing = barrier();
    let renewals = 0;
    const slow = intercept(a.store, {
      async createIndexes(createIndexes, ...args) {
        if (args[1] === 2) await indexing.pass();
        return createIndexes(...args);
      },
      async acquireLease(acquire, ...args) {
        const held = await acquire(...args);
        renewals += held ? 1 : 0;
        return held;
      },
    });
    const holder = run(a, seenPositions(), { leaseMs: 1000 }, slow);
    await holder.start();
    const successor = run(b, seenPositions(), { leaseMs: 1000 });
    await successor.start();
    await write(a.events, 1, 10, new Map());
    await holder.rebuild();
    await indexing.reached;
    const before = renewals;
    // One renewal per 20 ms timer turn: fifty of them span longer than the lease.
    await eventually(() => renewals >= before + 50, () => `${renewals - before} renewals`);
    expect(successor.status()).toMatchObject({ holder: false, state: 'following' });
    indexing.open();
    await eventually(() => holder.status().generation === 2, () => JSON.stringify(holder.status()));
    expect(errors).toEqual([]);
  });

  it("reports a follower's checkpoint as stored, not as it last happened to read it (readiness and lag on every instance)", async () => {
    const a = await open();
    const b = await open(a);
    const holder = run(a, seenPositions());
    // The follower's rounds of upkeep, which also read the checkpoint, come only once an hour here.
    const follower = run(b, seenPositions(), { renewMs: 3_600_000 });
    await holder.start();
    await follower.start();
    const appended = new Map<string, number[]>();
    await write(a.events, 2, 10, appended);
    const applied = await caughtUp(holder, a.events);
    expect(follower.status()).toMatchObject({ holder: false, state: 'following' });
    expect(follower.status().checkpoint).toBeLessThan(applied);
    expect((await follower.currentStatus()).checkpoint).toBe(applied);
  });

  it('hands the read model over at once when its holder stops', async () => {
    const a = await open();
    const b = await open(a);
    const first = run(a, seenPositions());
    const second = run(b, seenPositions());
    await first.start();
    await second.start();
    expect([first.status().holder, second.status().holder]).toEqual([true, false]);
    await first.stop();
    // The default lease in these suites lasts an hour: only the release explains a takeover now.
    await eventually(() => second.status().holder, () => JSON.stringify(second.status()));
    const appended = new Map<string, number[]>();
    await write(b.events, 2, 10, appended);
    await caughtUp(second, b.events);
    expect(await seen(b.store)).toEqual(expectedSeen(appended));
  });
}

onBothBackends('read model leases', leases);
