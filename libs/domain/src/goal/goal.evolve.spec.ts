import { describe, expect, it } from '@jest/globals';
import { evolve } from './goal.evolve.js';
import { initialGoalState, type GoalEvent } from './goal.types.js';

const formulated: GoalEvent = {
  type: 'GoalFormulated',
  data: {
    goalId: 'g-1',
    programmeId: 'kekiz',
    municipalityId: 'kreis-unna',
    phaseId: 'model',
    themeArea: 'uebergang-kita-schule',
    title: 'Übergang Kita–Schule begleiten',
    description: 'Jedes Kind wird beim Übergang begleitet',
    targetDate: null,
    source: null,
    socialSpaceIds: [],
    parentGoalId: null,
  },
  occurredAt: '2012-11-01T00:00:00.000Z',
};

describe('goal evolve', () => {
  it('starts a formulated goal as agreed', () => {
    expect(evolve(initialGoalState, formulated)).toMatchObject({ exists: true, id: 'g-1', status: 'agreed' });
  });

  it('applies revisions and status changes and remembers the latest occurrence', () => {
    const state = [
      formulated,
      { type: 'GoalRevised', data: { goalId: 'g-1', changes: { targetDate: '2015-09-30' }, reason: 'r' }, occurredAt: '2013-02-01T00:00:00.000Z' },
      { type: 'GoalStatusChanged', data: { goalId: 'g-1', from: 'agreed', to: 'in_progress', reason: 'r' }, occurredAt: '2013-05-01T00:00:00.000Z' },
    ].reduce((s, e) => evolve(s, e as GoalEvent), initialGoalState);
    expect(state).toMatchObject({ targetDate: '2015-09-30', status: 'in_progress', latestOccurredAt: '2013-05-01T00:00:00.000Z' });
  });

  it('ignores event types it does not know', () => {
    const state = evolve(initialGoalState, formulated);
    expect(evolve(state, { type: 'SomethingNew', data: {}, occurredAt: '2013-01-01' } as unknown as GoalEvent)).toBe(state);
  });
});
