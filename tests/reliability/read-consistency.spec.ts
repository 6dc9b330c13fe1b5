import { expect, it } from '@jest/globals';
import type { KyselyPlugin } from 'kysely';
import { v4 as uuid } from 'uuid';
import { currentView, GoalQueries, goalsReadModel, type GoalTables, type GoalView } from '#projections';
import { executeGoalCommand, goalCommands } from '../support/goal-events.js';
import { onBothBackends, barrier, caughtUp, intercept, runnerFixture, type Backend } from '../support/runner-harness.js';

/**
 * A view's revision is its ETag: a client that sends it back with If-Match says it saw that state. It was
 * read in a statement of its own after the state, so a batch committed in between made the revision newer
 * than the state shown, and a write on top of a change its author never saw went through.
 */
function consistentReads(backend: Backend): void {
  const { open, run } = runnerFixture(backend);

  it('shows a goal with the revision of the state it shows when a batch commits while it is read', async () => {
    const instance = await open();
    const held = { on: false, gate: barrier() };
    const store = intercept(instance.store, {
      async commit(commit, ...args) {
        if (held.on) await held.gate.pass();
        return commit(...args);
      },
    });
    const runner = run(instance, goalsReadModel, {}, store);
    await runner.start();
    const goalId = uuid();
    const [formulate, revise] = goalCommands(goalId, 0);
    await executeGoalCommand(instance.events, formulate, 'fachkraft');
    await caughtUp(runner, instance.events);

    held.on = true;
    const { position } = await executeGoalCommand(instance.events, revise, 'fachkraft');
    await held.gate.reached;
    // The revision is recorded by now, but applied only after the read's first statement.
    let statements = 0;
    const commitAfterFirstStatement: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      async transformResult({ result }) {
        if ((statements += 1) === 1) {
          held.on = false;
          held.gate.open();
          expect(await runner.waitFor(position, 5000)).toBe(true);
        }
        return result;
      },
    };
    const goal = (await new GoalQueries(instance.store.views<GoalTables>().withPlugin(commitAfterFirstStatement)).get(goalId, currentView(new Date()))) as GoalView;
    expect(statements).toBe(2);
    const formulated = { revision: 0, targetDate: (formulate.data as { targetDate: string | null }).targetDate };
    const revised = { revision: 1, targetDate: (revise.data as { changes: { targetDate?: string | null } }).changes.targetDate };
    expect(revised.targetDate).not.toEqual(formulated.targetDate);
    // The state is read first, before the batch commits: its revision is 0, whatever the facts hold by then.
    expect({ revision: goal.revision, targetDate: goal.targetDate }).toEqual(formulated);
  });

  it('shows a goal as known now with the revision of its row, though the row was recorded after the request began', async () => {
    const instance = await open();
    const runner = run(instance, goalsReadModel);
    await runner.start();
    const goalId = uuid();
    const [formulate, revise] = goalCommands(goalId, 0);
    // The request began (and took its instant) before either fact was recorded.
    const began = new Date(Date.now() - 60_000);
    await executeGoalCommand(instance.events, formulate, 'fachkraft');
    const { position } = await executeGoalCommand(instance.events, revise, 'fachkraft');
    await caughtUp(runner, instance.events);
    const queries = new GoalQueries(instance.store.views<GoalTables>());
    const goal = (await queries.get(goalId, currentView(began))) as GoalView;
    expect({ revision: goal.revision, position: goal.position }).toEqual({ revision: 1, position });
    const [listed] = await queries.list({ municipalityId: [goal.municipalityId] }, { field: 'id', descending: false }, undefined, 10, currentView(began));
    expect({ id: listed.id, revision: listed.revision }).toEqual({ id: goalId, revision: 1 });
  });
}

onBothBackends('reads while a batch commits,', consistentReads);
