import { describe, expect, it } from '@jest/globals';
import { isTransitionAllowed, quarterDates, type GoalStatus } from '#domain';
import { assessmentOf, exampleSteps, REVIEWED_QUARTERS, type ExampleWrite } from './example-requests.js';
import { exampleKey } from './load-example.js';
import { COMMITTEE, GOALS, MODEL_PHASE, MUNICIPALITIES, PROGRAMME, REVIEWS, ROLLOUT_PHASE } from './warendorf.data.js';

const writes = () => exampleSteps().filter((step): step is ExampleWrite => step.kind === 'write');

describe('the example data set', () => {
  it('keeps the facts and dates the source documents give', () => {
    expect(PROGRAMME.name).toBe('Kein Kind zurücklassen! Kommunen in NRW beugen vor');
    expect([MODEL_PHASE.kind, MODEL_PHASE.startsOn.slice(0, 4), MODEL_PHASE.endedOn]).toEqual(['model', '2012', '2015-09-30']);
    expect([ROLLOUT_PHASE.kind, ROLLOUT_PHASE.startsOn.slice(0, 4)]).toEqual(['rollout', '2016']);
    expect(MUNICIPALITIES.filter((m) => m.modelMunicipality)).toHaveLength(18);
    expect(COMMITTEE.on).toBe('2016-09-26');
    expect(COMMITTEE.reason).toContain('125/2016');
  });

  it('says of every goal and municipality where it comes from', () => {
    for (const record of [...GOALS, ...MUNICIPALITIES]) expect(record.seed ?? record.illustrative).toBeDefined();
    for (const placeholder of MUNICIPALITIES.filter((m) => m.name.includes('Platzhalter'))) expect(placeholder.illustrative).toContain('name (a placeholder)');
  });

  it("moves every goal along allowed transitions, one review at a time, so the process manager declines none of the reviews' proposals", () => {
    for (const goal of GOALS) {
      let status: GoalStatus = 'agreed';
      for (const [quarter, , proposed] of goal.steps) {
        expect(REVIEWED_QUARTERS).toContain(quarter);
        if (proposed === null) continue;
        expect(`${goal.id} ${quarter} ${status} → ${proposed}: ${isTransitionAllowed(status, proposed)}`).toBe(`${goal.id} ${quarter} ${status} → ${proposed}: true`);
        status = proposed;
      }
      expect(goal.steps.map(([quarter]) => quarter)).toEqual([...goal.steps.map(([quarter]) => quarter)].sort());
    }
  });

  it('holds each review inside its quarter, and assesses a goal without news with its last progress and no note', () => {
    for (const quarter of REVIEWED_QUARTERS) {
      const { firstDay, lastDay } = quarterDates(quarter);
      expect(REVIEWS.heldOn[quarter] >= firstDay && REVIEWS.heldOn[quarter] <= lastDay).toBe(true);
    }
    const goal = GOALS[0];
    expect(assessmentOf(goal, '2012-Q4')).toEqual({ goalId: goal.id, progress: 'on_track', note: '' });
    expect(assessmentOf(goal, '2014-Q2')).toEqual({ goalId: goal.id, progress: 'achieved', note: '' });
    expect(assessmentOf(goal, '2013-Q4')).toMatchObject({ progress: 'achieved', proposedStatus: 'implemented' });
  });

  it('formulates a parent goal before its sub-goals', () => {
    const formulated = writes()
      .filter((step) => step.path === '/v1/goals')
      .map((step) => (step.body as { id: string }).id);
    for (const goal of GOALS.filter((g) => g.parentGoalId)) expect(formulated.indexOf(goal.parentGoalId ?? '')).toBeLessThan(formulated.indexOf(goal.id));
  });

  it('derives one Idempotency-Key per write from what it writes, the same on every run', () => {
    const keys = writes().map(exampleKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(writes().map(exampleKey)).toEqual(keys);
  });
});
