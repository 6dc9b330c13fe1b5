import { describe, it } from '@jest/globals';
import { deciderSpec } from '../../../../tests/support/decider-spec.js';
import { referencesFor } from '../../../../tests/support/registry-states.js';
import { GOAL_STATUSES, STATUS_TRANSITIONS, type GoalStatus } from './goal-status.js';
import { goalDecider } from './goal.decider.js';
import type { GoalCommand, GoalDefinition, GoalEvent } from './goal.types.js';

const spec = deciderSpec(goalDecider);

const now = '2016-01-01T00:00:00.000Z';
const definition: GoalDefinition = {
  goalId: 'warendorf-bildungsnetzwerk',
  programmeId: 'kekiz',
  municipalityId: 'kreis-warendorf',
  phaseId: 'model',
  themeArea: 'bildungsnetzwerk-muessingen-einen-milte',
  title: 'Bildungs- und Erziehungsnetzwerk aufbauen',
  description: 'Ein Netzwerk der Kitas, Schulen und Beratungsstellen in drei Sozialräumen',
  targetDate: '2015-09-30',
  source: 'Zielkonkretisierungs-Workshop Herbst 2012',
  socialSpaceIds: ['muessingen'],
  parentGoalId: null,
};
const formulated: GoalEvent = { type: 'GoalFormulated', data: definition, occurredAt: '2012-10-15T00:00:00.000Z' };
const statusIs = (to: GoalStatus, occurredAt = '2013-01-01T00:00:00.000Z'): GoalEvent => ({
  type: 'GoalStatusChanged',
  data: { goalId: definition.goalId, to, reason: 'setting up the test' },
  occurredAt,
});
const formulate = (occurredAt = '2012-10-15T00:00:00.000Z'): GoalCommand => ({
  type: 'FormulateGoal',
  data: definition,
  occurredAt,
  now,
  references: referencesFor('kreis-warendorf'),
});
const revise = (changes: Record<string, string | null>, occurredAt = '2014-03-01T00:00:00.000Z'): GoalCommand => ({
  type: 'ReviseGoal',
  data: { goalId: definition.goalId, changes, reason: 'quarterly review 2014-Q1' },
  occurredAt,
  now,
});
const changeStatus = (to: GoalStatus, occurredAt = '2014-03-01T00:00:00.000Z'): GoalCommand => ({
  type: 'ChangeGoalStatus',
  data: { goalId: definition.goalId, to, reason: 'quarterly review 2014-Q1' },
  occurredAt,
  now,
});

describe('FormulateGoal', () => {
  it('formulates a new goal', () => {
    spec.given([]).when(formulate()).then([formulated]);
  });

  it('refuses to formulate a goal id that already exists', () => {
    spec.given([formulated]).when(formulate()).thenFailsWith('goal-already-exists');
  });

  it('refuses a formulation that occurs in the future', () => {
    spec.given([]).when(formulate('2016-01-01T00:00:00.001Z')).thenFailsWith('occurred-in-future');
  });

  it('accepts a formulation that occurs exactly now', () => {
    spec.given([]).when(formulate(now)).then([{ ...formulated, occurredAt: now }]);
  });
});

describe('ReviseGoal', () => {
  it('records only the fields that really change', () => {
    spec
      .given([formulated])
      .when(revise({ title: definition.title, description: 'Netzwerk in vier Sozialräumen' }))
      .then([
        {
          type: 'GoalRevised',
          data: {
            goalId: definition.goalId,
            changes: { description: 'Netzwerk in vier Sozialräumen' },
            reason: 'quarterly review 2014-Q1',
          },
          occurredAt: '2014-03-01T00:00:00.000Z',
        },
      ]);
  });

  it('clears the target date when it is revised to null', () => {
    spec
      .given([formulated])
      .when(revise({ targetDate: null }))
      .then([
        {
          type: 'GoalRevised',
          data: { goalId: definition.goalId, changes: { targetDate: null }, reason: 'quarterly review 2014-Q1' },
          occurredAt: '2014-03-01T00:00:00.000Z',
        },
      ]);
  });

  it('refuses a revision that changes nothing', () => {
    spec.given([formulated]).when(revise({ title: definition.title })).thenFailsWith('revision-changes-nothing');
  });

  it('refuses to revise a goal that does not exist', () => {
    spec.given([]).when(revise({ title: 'Neu' })).thenFailsWith('goal-not-found');
  });

  it('refuses to revise a discontinued goal', () => {
    spec.given([formulated, statusIs('discontinued')]).when(revise({ title: 'Neu' })).thenFailsWith('goal-discontinued');
  });

  it('decides a backdated revision against the goal as it stood then', () => {
    spec
      .given([formulated, statusIs('discontinued', '2014-06-01T00:00:00.000Z')])
      .when(revise({ title: 'Neu' }, '2014-05-31T23:59:59.999Z'))
      .then([
        {
          type: 'GoalRevised',
          data: { goalId: definition.goalId, changes: { title: 'Neu' }, reason: 'quarterly review 2014-Q1' },
          occurredAt: '2014-05-31T23:59:59.999Z',
        },
      ]);
  });

  it('refuses a revision dated after the goal was discontinued, although it is recorded before', () => {
    spec
      .given([formulated, statusIs('discontinued', '2014-06-01T00:00:00.000Z')])
      .when(revise({ title: 'Neu' }, '2014-06-02T00:00:00.000Z'))
      .thenFailsWith('goal-discontinued');
  });

  it('refuses a revision dated before the goal was formulated', () => {
    spec
      .given([formulated])
      .when(revise({ title: 'Neu' }, '2012-01-01T00:00:00.000Z'))
      .thenFailsWith('occurred-before-creation', { firstOccurredAt: formulated.occurredAt });
  });

  it('accepts a revision at the same instant as the latest event', () => {
    spec
      .given([formulated])
      .when(revise({ title: 'Neu' }, formulated.occurredAt))
      .then([
        {
          type: 'GoalRevised',
          data: { goalId: definition.goalId, changes: { title: 'Neu' }, reason: 'quarterly review 2014-Q1' },
          occurredAt: formulated.occurredAt,
        },
      ]);
  });

  it('refuses a revision that occurs in the future', () => {
    spec.given([formulated]).when(revise({ title: 'Neu' }, '2030-01-01T00:00:00.000Z')).thenFailsWith('occurred-in-future');
  });
});

describe('ChangeGoalStatus', () => {
  const allowed = GOAL_STATUSES.flatMap((from) => STATUS_TRANSITIONS[from].map((to) => [from, to] as const));
  const forbidden = GOAL_STATUSES.flatMap((from) =>
    GOAL_STATUSES.filter((to) => !STATUS_TRANSITIONS[from].includes(to)).map((to) => [from, to] as const),
  );
  const given = (from: GoalStatus) => (from === 'agreed' ? [formulated] : [formulated, statusIs(from)]);

  it.each(allowed)('allows %s → %s', (from, to) => {
    spec
      .given(given(from))
      .when(changeStatus(to))
      .then([
        {
          type: 'GoalStatusChanged',
          data: { goalId: definition.goalId, to, reason: 'quarterly review 2014-Q1' },
          occurredAt: '2014-03-01T00:00:00.000Z',
        },
      ]);
  });

  it.each(forbidden)('forbids %s → %s', (from, to) => {
    spec
      .given(given(from))
      .when(changeStatus(to))
      .thenFailsWith('status-transition-forbidden', { from, to, allowed: STATUS_TRANSITIONS[from] });
  });

  it('covers every pair of statuses exactly once', () => {
    const pairs = [...allowed, ...forbidden].map(([from, to]) => `${from}>${to}`);
    if (new Set(pairs).size !== GOAL_STATUSES.length ** 2) throw new Error(`only ${new Set(pairs).size} pairs`);
  });

  it('refuses to change the status of a goal that does not exist', () => {
    spec.given([]).when(changeStatus('in_progress')).thenFailsWith('goal-not-found');
  });

  it('accepts a backdated status change that keeps every later change allowed', () => {
    // The history becomes agreed → on_hold (2013-06) → in_progress (2014-06): every step is allowed.
    spec
      .given([formulated, statusIs('in_progress', '2014-06-01T00:00:00.000Z')])
      .when(changeStatus('on_hold', '2013-06-01T00:00:00.000Z'))
      .then([
        {
          type: 'GoalStatusChanged',
          data: { goalId: definition.goalId, to: 'on_hold', reason: 'quarterly review 2014-Q1' },
          occurredAt: '2013-06-01T00:00:00.000Z',
        },
      ]);
  });

  it('refuses a backdated status change that would make a later change forbidden, naming it', () => {
    // implemented (2013-06) would precede in_progress (2014-06), and implemented → in_progress is forbidden.
    spec
      .given([formulated, statusIs('in_progress', '2014-06-01T00:00:00.000Z')])
      .when(changeStatus('implemented', '2013-06-01T00:00:00.000Z'))
      .thenFailsWith('backdated-conflict', {
        conflictingRevision: 1,
        conflictingType: 'GoalStatusChanged',
        conflictingOccurredAt: '2014-06-01T00:00:00.000Z',
        rule: 'status-transition-forbidden',
      });
  });

  it('decides a status change at the same instant as an earlier-recorded one after it', () => {
    spec
      .given([formulated, statusIs('in_progress', '2014-03-01T00:00:00.000Z')])
      .when(changeStatus('implemented', '2014-03-01T00:00:00.000Z'))
      .then([
        {
          type: 'GoalStatusChanged',
          data: { goalId: definition.goalId, to: 'implemented', reason: 'quarterly review 2014-Q1' },
          occurredAt: '2014-03-01T00:00:00.000Z',
        },
      ]);
  });

  it('refuses a status change that occurs in the future', () => {
    spec.given([formulated]).when(changeStatus('in_progress', '2016-01-02T00:00:00.000Z')).thenFailsWith('occurred-in-future');
  });
});

describe('a command dated before the stream began', () => {
  it('answers a formulation dated before the existing one with goal-already-exists, not a backdating conflict', () => {
    spec.given([formulated]).when(formulate('2012-01-01T00:00:00.000Z')).thenFailsWith('goal-already-exists');
  });
});
