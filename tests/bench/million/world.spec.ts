import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, effectiveHistory, goalDecider, goalStream, verifyHistory } from '#domain';
import { appendsOfYear, BIG_MUNICIPALITY, BIG_MUNICIPALITY_GOALS, goalFacts, planWorld, YEARS } from './world.js';

const TARGET = 60_000;
const plan = planWorld(TARGET);
const appends = YEARS.flatMap((year) => appendsOfYear(plan, year));

describe('the million-event world (generated small here)', () => {
  it('reaches the target with the last goal it needs, and records exactly the events it plans', () => {
    const largestGoal = Math.max(...plan.goals.map((goal) => goalFacts(goal).length));
    expect(plan.total).toBeGreaterThanOrEqual(TARGET);
    expect(plan.total).toBeLessThan(TARGET + largestGoal);
    expect(appends.reduce((sum, append) => sum + append.events.length, 0)).toBe(plan.total);
  });

  it('gives the big municipality exactly 1,000 goals and every other one fewer', () => {
    const counts = new Map<string, number>();
    for (const goal of plan.goals) counts.set(goal.municipality.id, (counts.get(goal.municipality.id) ?? 0) + 1);
    expect(counts.get(BIG_MUNICIPALITY)).toBe(BIG_MUNICIPALITY_GOALS);
    for (const [id, count] of counts) if (id !== BIG_MUNICIPALITY) expect(count).toBeLessThan(BIG_MUNICIPALITY_GOALS);
  });

  it('writes only events the catalogue accepts', () => {
    const invalid = appends.flatMap((append) => append.events).filter((event) => !EVENT_CATALOGUE.validate(event.type, event.data).ok);
    expect(invalid).toEqual([]);
  });

  it("expects each stream at the revision its earlier appends left it, and corrections name an earlier revision", () => {
    const revisions = new Map<string, number>();
    for (const { stream, expected, events } of appends) {
      expect(expected).toBe(revisions.has(stream) ? revisions.get(stream) : 'no-stream');
      const first = (revisions.get(stream) ?? -1) + 1;
      events.forEach((event, i) => {
        if (event.type === 'EventSuperseded' || event.type === 'EventRetracted') expect((event.data as { revision: number }).revision).toBeLessThan(first + i);
      });
      revisions.set(stream, first + events.length - 1);
    }
    expect(revisions.get(goalStream(plan.goals[0].id))).toBe(goalFacts(plan.goals[0]).length - 1);
  });

  it('keeps every goal within the domain rules at every point of its recording, backdated facts and corrections applied', () => {
    const kinds = new Set<string>();
    for (const goal of plan.goals) {
      const facts = goalFacts(goal);
      facts.forEach((fact) => kinds.add(fact.type));
      for (const year of YEARS) {
        const known = facts.filter((fact) => fact.year <= year);
        expect(() => verifyHistory(goalDecider, effectiveHistory(known))).not.toThrow();
      }
    }
    expect([...kinds].sort()).toEqual(['EventRetracted', 'EventSuperseded', 'GoalCarriedOver', 'GoalFormulated', 'GoalRevised', 'GoalStatusChanged']);
  });

  it('records some goal facts a year after they happened', () => {
    const late = plan.goals.flatMap(goalFacts).filter((fact) => fact.type === 'GoalRevised' && Number(fact.occurredAt.slice(0, 4)) < fact.year);
    expect(late.length).toBeGreaterThan(0);
  });

  it('is the same world in every run', () => {
    const again = planWorld(TARGET);
    expect(again.total).toBe(plan.total);
    expect(goalFacts(again.goals[123])).toEqual(goalFacts(plan.goals[123]));
  });
});
