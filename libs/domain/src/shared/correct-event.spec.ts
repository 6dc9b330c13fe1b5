import { describe, expect, it } from '@jest/globals';
import { factsOf } from '../../../../tests/support/decider-spec.js';
import { goalDecider } from '../goal/goal.decider.js';
import type { GoalEvent } from '../goal/goal.types.js';
import { EVENT_CATALOGUE } from '../index.js';
import { decideCorrection, type CorrectEvent } from './correct-event.js';

const goalId = 'unna-uebergang';
const history: GoalEvent[] = [
  {
    type: 'GoalFormulated',
    data: { goalId, programmeId: 'kekiz', municipalityId: 'kreis-unna', phaseId: 'model', themeArea: 'uebergang', title: 'Übergang Kita–Schule', description: '', targetDate: null, source: null, socialSpaceIds: [], parentGoalId: null },
    occurredAt: '2012-11-15T00:00:00.000Z',
  },
  { type: 'GoalStatusChanged', data: { goalId, to: 'in_progress', reason: 'Auftakt' }, occurredAt: '2013-06-01T00:00:00.000Z' },
  { type: 'GoalStatusChanged', data: { goalId, to: 'largely_implemented', reason: 'Quartalsgespräch 2014-Q2' }, occurredAt: '2014-06-30T00:00:00.000Z' },
];
const now = '2016-01-01T00:00:00.000Z';
const correct = (data: CorrectEvent['data'], facts = factsOf(history)) =>
  decideCorrection(goalDecider, EVENT_CATALOGUE, facts, { type: 'CorrectEvent', now, data });
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the correction to be refused');
};

describe('correcting a recorded fact', () => {
  it('supersedes a status change recorded with the wrong date', () => {
    expect(correct({ revision: 1, reason: 'Auftakt war im April', occurredAt: '2013-04-15T00:00:00.000Z' })).toEqual([
      {
        type: 'EventSuperseded',
        data: { revision: 1, reason: 'Auftakt war im April', type: 'GoalStatusChanged', schemaVersion: 2, data: { goalId, to: 'in_progress', reason: 'Auftakt' } },
        occurredAt: '2013-04-15T00:00:00.000Z',
      },
    ]);
  });

  it('supersedes a status change recorded with the wrong status', () => {
    const [event] = correct({ revision: 2, reason: 'war schon umgesetzt', changes: { to: 'implemented' } });
    expect(event.data.data).toEqual({ goalId, to: 'implemented', reason: 'Quartalsgespräch 2014-Q2' });
    expect(event.occurredAt).toBe('2014-06-30T00:00:00.000Z');
  });

  it('retracts a fact that did not happen, at the world time of the fact', () => {
    expect(correct({ revision: 2, reason: 'Verwechslung', retract: true })).toEqual([
      { type: 'EventRetracted', data: { revision: 2, reason: 'Verwechslung' }, occurredAt: '2014-06-30T00:00:00.000Z' },
    ]);
  });

  it('refuses a correction that would break a later fact, naming it', () => {
    // Without its formulation, the first status change has no goal to change.
    expect(failure(() => correct({ revision: 0, reason: 'falsch angelegt', retract: true }))).toMatchObject({
      code: 'backdated-conflict',
      details: expect.objectContaining({ conflictingRevision: 1, rule: 'goal-not-found' }),
    });
  });

  it('refuses a corrected status that the workflow forbids after the facts before it', () => {
    const facts = factsOf([...history, { type: 'GoalStatusChanged', data: { goalId, to: 'implemented', reason: 'fertig' }, occurredAt: '2015-01-01T00:00:00.000Z' }]);
    expect(failure(() => correct({ revision: 3, reason: 'war Regelpraxis', changes: { to: 'agreed' } }, facts))).toMatchObject({
      code: 'backdated-conflict',
      details: expect.objectContaining({ conflictingRevision: 3, rule: 'status-transition-forbidden' }),
    });
  });

  it('names every field a correction may not or cannot change', () => {
    expect(failure(() => correct({ revision: 1, reason: 'x', changes: { goalId: 'other', to: 'finished', reason: '' } }))).toMatchObject({
      code: 'correction-invalid',
      details: { errors: [{ field: 'changes.goalId' }, { field: 'changes.to' }, { field: 'changes.reason' }] },
    });
  });

  it('refuses a correction that changes nothing, and a second retraction', () => {
    expect(failure(() => correct({ revision: 1, reason: 'x', changes: { to: 'in_progress' } }))).toMatchObject({ code: 'correction-changes-nothing' });
    const facts = factsOf([...history, { type: 'EventRetracted', data: { revision: 2, reason: 'x' }, occurredAt: '2014-06-30T00:00:00.000Z' } as never]);
    expect(failure(() => correct({ revision: 2, reason: 'x', retract: true }, facts))).toMatchObject({ code: 'correction-changes-nothing' });
  });

  it('refuses to correct a revision that does not exist or is itself a correction', () => {
    expect(failure(() => correct({ revision: 9, reason: 'x', retract: true }))).toMatchObject({ code: 'event-not-found' });
    const facts = factsOf([...history, { type: 'EventRetracted', data: { revision: 2, reason: 'x' }, occurredAt: '2014-06-30T00:00:00.000Z' } as never]);
    expect(failure(() => correct({ revision: 3, reason: 'x', retract: true }, facts))).toMatchObject({ code: 'correction-target-invalid' });
  });

  it('refuses a corrected world time in the future', () => {
    expect(failure(() => correct({ revision: 1, reason: 'x', occurredAt: '2030-01-01T00:00:00.000Z' }))).toMatchObject({ code: 'occurred-in-future' });
  });
});
