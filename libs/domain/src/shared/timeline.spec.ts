import { describe, expect, it } from '@jest/globals';
import { goalDecider } from '../goal/goal.decider.js';
import type { GoalState } from '../goal/goal.types.js';
import { SUPERSEDED } from './corrections.js';
import { effectiveHistory, stateAt, type RecordedFact } from './timeline.js';

/** The worked example of design.md §3: one goal of Kreis Warendorf, with a late entry and a correction. */
const goalId = 'warendorf-netzwerk';
const facts: RecordedFact[] = [
  {
    revision: 0,
    type: 'GoalFormulated',
    data: { goalId, municipalityId: 'kreis-warendorf', phaseId: 'model', themeArea: 'netzwerk', title: 'Netzwerk', description: 'original', targetDate: null, source: null },
    occurredAt: '2012-11-15T00:00:00.000Z',
    recordedAt: '2012-11-20T09:00:00.000Z',
  },
  { revision: 1, type: 'GoalStatusChanged', data: { goalId, to: 'in_progress', reason: 'Quartalsgespräch' }, occurredAt: '2013-06-01T00:00:00.000Z', recordedAt: '2013-06-03T09:00:00.000Z' },
  { revision: 2, type: 'GoalRevised', data: { goalId, changes: { description: 'late one' }, reason: 'Protokoll 2013-Q1' }, occurredAt: '2013-02-01T00:00:00.000Z', recordedAt: '2014-01-10T09:00:00.000Z' },
  {
    revision: 3,
    type: SUPERSEDED,
    data: { revision: 1, reason: 'really happened on 2013-04-15', type: 'GoalStatusChanged', schemaVersion: 2, data: { goalId, to: 'in_progress', reason: 'Quartalsgespräch' } },
    occurredAt: '2013-04-15T00:00:00.000Z',
    recordedAt: '2014-02-01T09:00:00.000Z',
  },
];
const now = '2026-01-01T00:00:00.000Z';
const endOf = (day: string) => `${day}T23:59:59.999Z`;

describe('views of the past (design.md §3, worked through)', () => {
  it.each([
    ['2013-03-01', endOf('2013-12-31'), 'agreed', 'original'],
    ['2013-03-01', now, 'agreed', 'late one'],
    ['2013-05-01', endOf('2014-01-15'), 'agreed', 'late one'],
    ['2013-05-01', now, 'in_progress', 'late one'],
  ])('as of %s, known at %s, the goal is %s with the %s description', (asOf, knownAt, status, description) => {
    const state = stateAt(goalDecider, facts, endOf(asOf), knownAt) as GoalState & { status: string; description: string };
    expect({ status: state.status, description: state.description }).toEqual({ status, description });
  });

  it('orders the corrected history by world time, the replacement keeping the corrected revision', () => {
    expect(effectiveHistory(facts).map((fact) => [fact.revision, fact.occurredAt.slice(0, 10), fact.supersededBy ?? null])).toEqual([
      [0, '2012-11-15', null],
      [2, '2013-02-01', null],
      [1, '2013-04-15', 3],
    ]);
  });

  it('drops a retracted fact, and the latest correction of a revision wins', () => {
    const retracted: RecordedFact = { revision: 4, type: 'EventRetracted', data: { revision: 1, reason: 'never happened' }, occurredAt: '2013-04-15T00:00:00.000Z', recordedAt: now };
    expect(effectiveHistory([...facts, retracted]).map((fact) => fact.revision)).toEqual([0, 2]);
  });
});
