import { expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { goalStream } from '#domain';
import { currentView, GoalHistoryQueries, GoalQueries, goalsReadModel, type GoalTables } from '#projections';
import { eventually } from '../support/events.js';
import { recordGoals } from '../support/goal-events.js';
import { onBothBackends, caughtUp, runnerFixture, type Backend, type Instance } from '../support/runner-harness.js';

/**
 * The old document store deadlocked (PostgreSQL 40P01) when one instance prepared or reset a read model
 * while another committed a batch: each held a lock the other waited for. Every transaction now takes
 * its locks in one order (registry row, then the generation's tables, then views).
 */
function noDeadlock(backend: Backend): void {
  const { open, run, errors } = runnerFixture(backend);

  it('applies, rebuilds, swaps and hands over on two instances at once without a deadlock or any other error', async () => {
    const a = await open();
    const b = await open(a);
    const runnersOf = (instance: Instance) => [run(instance, goalsReadModel)];
    const runners = [...runnersOf(a), ...runnersOf(b)];
    await Promise.all(runners.map((runner) => runner.start()));
    const reads = (instance: Instance, goalIds: readonly string[]) => [
      new GoalQueries(instance.store.views<GoalTables>()).list({ municipalityId: ['kreis-unna'] }, { field: 'id', descending: false }, undefined, 50, currentView(new Date())),
      ...goalIds.map((id) => new GoalHistoryQueries(instance.store.views<GoalTables>()).entries(id, currentView(new Date()))),
    ];
    const goalIds: string[] = [];
    for (let round = 0; round < 8; round++) {
      const ids = Array.from({ length: 5 }, () => uuid());
      goalIds.push(...ids);
      await Promise.all([
        recordGoals(a.events, ids.slice(0, 3)),
        recordGoals(b.events, ids.slice(3)),
        ...runners.map((runner) => runner.rebuild()),
        ...reads(a, goalIds),
        ...reads(b, goalIds),
        // Holders leave and come back: the leases change hands while batches and rebuilds are under way.
        ...(round % 3 === 2 ? runners.filter((runner) => runner.status().holder).map((runner) => runner.stop().then(() => runner.start())) : []),
      ]);
      // The next round asks for a new rebuild rather than finding this one still under way.
      for (const runner of runners) await eventually(() => runner.status().rebuild === null, () => JSON.stringify(runner.status()));
    }
    for (const runner of runners) await caughtUp(runner, a.events);
    expect(errors).toEqual([]);
    // Each round swapped in a generation rebuilt while batches were being applied.
    for (const runner of runners) expect(runner.status().generation).toBeGreaterThanOrEqual(9);

    const details = new GoalQueries(b.store.views<GoalTables>());
    const histories = new GoalHistoryQueries(a.store.views<GoalTables>());
    for (const goalId of goalIds) {
      const stream = await a.events.readStream(goalStream(goalId));
      expect(await details.get(goalId, currentView(new Date()))).toMatchObject({ revision: stream.length - 1, position: stream[stream.length - 1].position });
      expect((await histories.entries(goalId, currentView(new Date())))?.map((entry) => entry.eventId)).toEqual(stream.map((event) => event.id));
    }
  });
}

onBothBackends('read models on two instances', noDeadlock);
