import { setTimeout as delay } from 'node:timers/promises';
import { expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { v4 as uuid } from 'uuid';
import type { GoalCommand } from '#domain';
import { auditReadModelRemembering, goalsReadModel, merkleTreeReadModel, type ReadModel, type ReadModelStore } from '#projections';
import { eventually } from '../support/events.js';
import { executeGoalCommand, goalCommands } from '../support/goal-events.js';
import {
  caughtUp,
  expectedSeen,
  intercept,
  onBothBackends,
  rememberingSeenPositions,
  runnerFixture,
  seen,
  write,
  type Backend,
  type SeenTables,
} from '../support/runner-harness.js';

/** The store with every commit held back for a while, so that the next batch is folded meanwhile if it may be. */
function slowCommits(
  store: ReadModelStore,
  onCommit: (committing: number) => void = () => undefined,
  ms = 20,
): { store: ReadModelStore; committing: () => number; refused: () => number } {
  let committing = 0;
  let refused = 0;
  const slow = intercept(store, {
    async commit(commit, ...args) {
      committing += 1;
      onCommit(committing);
      try {
        await delay(ms);
        const applied = await commit(...args);
        if (!applied) refused += 1;
        return applied;
      } finally {
        committing -= 1;
      }
    },
  });
  return { store: slow, committing: () => committing, refused: () => refused };
}

/** The store with every commit delayed by `ms`, and the `nth` commit ending otherwise: with an error, or refused by the fence. */
function nthCommit(store: ReadModelStore, nth: number, ms: number, outcome: 'fails' | 'refused'): ReadModelStore {
  let commits = 0;
  return intercept(store, {
    async commit(commit, ...args) {
      commits += 1;
      await delay(ms);
      if (commits !== nth) return commit(...args);
      if (outcome === 'fails') throw new Error('disk full');
      return false;
    },
  });
}

/** For each batch folded, whether a commit of the batch before was still running. */
function noting<Tables>(model: ReadModel<Tables>, committing: () => number, foldedWhileCommitting: boolean[]): ReadModel<Tables> {
  return {
    ...model,
    apply(events, context) {
      foldedWhileCommitting.push(committing() > 0);
      return model.apply(events, context);
    },
  };
}

/** seen-positions folding while the last batch commits; its `failingFold`th fold (counted from 1) fails. */
function pipelinedSeen(failingFold = 0, message = 'fold failed'): ReadModel<SeenTables> {
  const model = { ...rememberingSeenPositions(), foldsWhileCommitting: true };
  let folds = 0;
  return {
    ...model,
    apply(events, context) {
      folds += 1;
      return folds === failingFold ? Promise.reject(new Error(message)) : model.apply(events, context);
    },
  };
}

/** The rows of a generation's table, in key order, as the database returns them. */
async function rowsOf(store: ReadModelStore, table: string, key: readonly string[]): Promise<unknown[]> {
  const { rows } = await sql`select * from ${sql.table(table)} order by ${sql.join(key.map((column) => sql.ref(column)))}`.execute(store.database.db);
  return rows;
}

/** What a generation of goals holds: its facts and versions. */
async function goalRows(store: ReadModelStore, generation: number) {
  return {
    facts: await rowsOf(store, `goal_facts_g${generation}`, ['goal_id', 'revision']),
    versions: await rowsOf(store, `goal_versions_g${generation}`, ['goal_id', 'recorded_from', 'valid_from']),
  };
}

/** A catch-up folds the next batch while the database commits the last one, for read models that say they can. */
function pipelining(backend: Backend): void {
  const { open, run, errors } = runnerFixture(backend);
  /** A fresh database with 80 events of two writers; what they appended, by stream. */
  const seeded = async () => {
    const instance = await open();
    const appended = new Map<string, number[]>();
    await write(instance.events, 2, 40, appended);
    return { instance, appended };
  };

  /** Catches seen-positions up over slow commits; for each batch folded, whether a commit was running. */
  const catchUpOverSlowCommits = async (foldsWhileCommitting: boolean): Promise<boolean[]> => {
    const { instance, appended } = await seeded();
    const { store, committing } = slowCommits(instance.store);
    const foldedWhileCommitting: boolean[] = [];
    const model = foldsWhileCommitting ? pipelinedSeen() : rememberingSeenPositions();
    const runner = run(instance, noting(model, committing, foldedWhileCommitting), { batchSize: 8 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    expect(errors).toEqual([]);
    return foldedWhileCommitting;
  };

  it('folds the next batch while the last one commits when the read model says so, and applies every event once', async () => {
    const foldedWhileCommitting = await catchUpOverSlowCommits(true);
    expect(foldedWhileCommitting.filter(Boolean).length).toBeGreaterThan(foldedWhileCommitting.length / 2);
  });

  it('folds each batch only once the one before it committed when the read model does not say so', async () => {
    const foldedWhileCommitting = await catchUpOverSlowCommits(false);
    expect(foldedWhileCommitting.length).toBeGreaterThan(5);
    expect(foldedWhileCommitting.some(Boolean)).toBe(false);
  });

  it('never has two commits of a generation running at once', async () => {
    const { instance } = await seeded();
    const overlapping: number[] = [];
    const { store } = slowCommits(instance.store, (committing) => committing > 1 && overlapping.push(committing));
    const runner = run(instance, pipelinedSeen(), { batchSize: 8 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(overlapping).toEqual([]);
  });

  it('retries from the stored checkpoint when a commit fails after the next batch was folded', async () => {
    const { instance, appended } = await seeded();
    // The third batch fails once the fourth has been folded into what the read model remembers.
    const store = nthCommit(instance.store, 3, 20, 'fails');
    const runner = run(instance, pipelinedSeen(), { batchSize: 8 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(errors).toEqual(['seen-positions: disk full']);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
  });

  it('lets a commit in flight end before it retries a batch whose fold failed', async () => {
    const { instance, appended } = await seeded();
    const { store, refused } = slowCommits(instance.store, () => undefined, 100);
    // The third batch fails while the second commits; the retry must start from that commit's checkpoint.
    const runner = run(instance, pipelinedSeen(3), { batchSize: 8, retryMs: 1 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(errors).toEqual(['seen-positions: fold failed']);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
    // A retry from the checkpoint before that commit would be fenced off, and the runner would start over.
    expect(refused()).toBe(0);
  });

  it('reports a commit the fence refused rather than the failure of the batch folded meanwhile', async () => {
    const { instance, appended } = await seeded();
    // As when another instance took the lease: the second batch is refused, and the third, folded
    // meanwhile, fails on what the new holder did to the tables.
    const store = nthCommit(instance.store, 2, 50, 'refused');
    const runner = run(instance, pipelinedSeen(3, 'no such table: seen_g1'), { batchSize: 8 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    expect(errors).toEqual([]);
    expect(await seen(instance.store)).toEqual(expectedSeen(appended));
  });

  it('appends to the Merkle tree it remembers while the last batch commits, ending with the nodes of a build in one batch', async () => {
    const instance = await open();
    await write(instance.events, 3, 30, new Map());
    const { store, committing } = slowCommits(instance.store);
    const foldedWhileCommitting: boolean[] = [];
    const runner = run(instance, noting(merkleTreeReadModel, committing, foldedWhileCommitting), { batchSize: 8, rebuildBatchSize: 1000 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    const folded = await rowsOf(instance.store, 'merkle_nodes_g1', ['level', 'idx']);
    expect(foldedWhileCommitting.filter(Boolean).length).toBeGreaterThan(foldedWhileCommitting.length / 2);

    expect(await runner.rebuild()).toBe(true);
    await eventually(() => runner.status().generation === 2 && runner.status().rebuild === null, () => JSON.stringify(runner.status()));
    expect(folded.length).toBeGreaterThan(2 * 90 - 10);
    expect(folded).toEqual(await rowsOf(instance.store, 'merkle_nodes_g2', ['level', 'idx']));
    expect(errors).toEqual([]);
  });

  it('loads a goal whose backdated fact follows in the next batch only once the batch holding the goal committed', async () => {
    const instance = await open();
    const goalIds = Array.from({ length: 6 }, () => uuid());
    // Each goal formulated and changed once (the first batch of 12 events), then revised back in time (the next).
    const commands = goalIds.map((goalId, variant) => goalCommands(goalId, variant).slice(0, 2));
    for (const steps of commands) for (const command of steps) await executeGoalCommand(instance.events, command, 'fachkraft');
    for (const [formulate, next] of commands) await executeGoalCommand(instance.events, backdatedRevision(formulate, next), 'koordination');
    const { store, committing } = slowCommits(instance.store);
    const foldedWhileCommitting: boolean[] = [];
    const runner = run(instance, noting(goalsReadModel, committing, foldedWhileCommitting), { batchSize: 12, rebuildBatchSize: 1000 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    const folded = await goalRows(instance.store, 1);
    expect(foldedWhileCommitting.slice(0, 2)).toEqual([false, true]);

    // The same log in one batch: nothing is folded while anything commits.
    expect(await runner.rebuild()).toBe(true);
    await eventually(() => runner.status().generation === 2 && runner.status().rebuild === null, () => JSON.stringify(runner.status()));
    expect(folded.versions.length).toBeGreaterThan(goalIds.length * 3);
    expect(folded).toEqual(await goalRows(instance.store, 2));
    expect(errors).toEqual([]);
  });

  it('looks up the scope of a stream it forgot only once the batch that learnt it committed', async () => {
    const instance = await open();
    const goalIds = Array.from({ length: 6 }, () => uuid());
    // Each goal formulated (naming its municipality) and changed once: the first batch of 12 events. Then
    // a revision of each, which names no municipality: the next batch, whose scopes the audit, remembering
    // at most one stream, has forgotten and looks up in the table the first batch is still committing.
    const commands = goalIds.map((goalId, variant) => goalCommands(goalId, variant).slice(0, 2));
    for (const steps of commands) for (const command of steps) await executeGoalCommand(instance.events, command, 'fachkraft');
    for (const [, next] of commands) await executeGoalCommand(instance.events, laterRevision(next), 'koordination');
    const { store, committing } = slowCommits(instance.store);
    const foldedWhileCommitting: boolean[] = [];
    const audit = auditReadModelRemembering(1);
    const runner = run(instance, noting(audit, committing, foldedWhileCommitting), { batchSize: 12, rebuildBatchSize: 1000 }, store);
    await runner.start();
    await caughtUp(runner, instance.events);
    const folded = await rowsOf(instance.store, 'audit_entries_g1', ['position']);
    expect(foldedWhileCommitting.slice(0, 2)).toEqual([false, true]);

    // The same log in one batch: every scope is learnt in memory, nothing is looked up.
    expect(await runner.rebuild()).toBe(true);
    await eventually(() => runner.status().generation === 2 && runner.status().rebuild === null, () => JSON.stringify(runner.status()));
    expect(folded).toHaveLength(goalIds.length * 3);
    expect(folded).toEqual(await rowsOf(instance.store, 'audit_entries_g2', ['position']));
    expect(errors).toEqual([]);
  });
}

/** A revision of the goal's title a month after `previous`. */
function laterRevision(previous: GoalCommand): GoalCommand {
  const later = new Date(Date.parse(previous.occurredAt) + 30 * 24 * 3600 * 1000).toISOString();
  return {
    type: 'ReviseGoal',
    occurredAt: later,
    now: new Date().toISOString(),
    data: { goalId: previous.data.goalId, changes: { title: 'Ziel nach dem Quartalsgespräch geschärft' }, reason: 'Quartalsgespräch' },
  };
}

/** A revision of the goal's title that happened between its first two recorded facts. */
function backdatedRevision(formulate: GoalCommand, next: GoalCommand): GoalCommand {
  const between = new Date((Date.parse(formulate.occurredAt) + Date.parse(next.occurredAt)) / 2).toISOString();
  return {
    type: 'ReviseGoal',
    occurredAt: between,
    now: new Date().toISOString(),
    data: { goalId: formulate.data.goalId, changes: { title: 'Nachgetragen: Titel aus dem Werkstattprotokoll' }, reason: 'Protokoll nachgereicht' },
  };
}

onBothBackends('ReadModelRunner pipelining', pipelining);
