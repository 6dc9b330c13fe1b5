import { describe, expect, it } from '@jest/globals';
import type { Phase } from '#domain';
import { dueQuarters, dueQuartersOf, evaluatePhase, noStatuses, type PhaseFacts } from './phase-evaluation.js';

const model: Phase = { id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', endedOn: '2015-09-30' };

describe('the quarters a review was owed in', () => {
  it('runs from the later of phase start and enrolment to the phase end, once each review period is over', () => {
    const due = dueQuarters(model, { from: '2012-07-01', until: null }, '2015-12-31');
    expect([due[0], due.at(-1), due.length]).toEqual(['2012-Q3', '2015-Q3', 13]);
  });

  it('does not owe a quarter whose review may still be held (the grace after the quarter)', () => {
    expect(dueQuarters(model, { from: '2012-01-01', until: null }, '2015-09-30').at(-1)).toBe('2015-Q2');
    expect(dueQuarters(model, { from: '2012-01-01', until: null }, '2015-11-11').at(-1)).toBe('2015-Q3');
    expect(dueQuarters(model, { from: '2012-01-01', until: null }, '2015-11-10').at(-1)).toBe('2015-Q2');
  });

  it('stops at the day the municipality left, and owes nothing before it joined', () => {
    expect(dueQuarters(model, { from: '2012-01-01', until: '2013-05-15' }, '2015-12-31')).toEqual(['2012-Q1', '2012-Q2', '2012-Q3', '2012-Q4', '2013-Q1', '2013-Q2']);
    expect(dueQuarters(model, { from: '2016-01-01', until: null }, '2016-12-31')).toEqual([]);
  });

  it('ends at the planned end of a phase that is still open, and at the view for one without an end', () => {
    expect(dueQuarters({ ...model, endedOn: null }, { from: '2012-01-01', until: null }, '2020-01-01').at(-1)).toBe('2015-Q3');
    expect(dueQuarters({ ...model, endedOn: null, plannedEnd: null }, { from: '2012-01-01', until: null }, '2013-03-01').at(-1)).toBe('2012-Q4');
  });

  it('owes reviews in every enrolment of a municipality that left the phase and joined again, and not in between', () => {
    const spans = [
      { from: '2012-01-01', until: '2013-06-30' },
      { from: '2014-01-01', until: null },
    ];
    expect(dueQuartersOf(model, spans, '2015-12-31')).toEqual(['2012-Q1', '2012-Q2', '2012-Q3', '2012-Q4', '2013-Q1', '2013-Q2', '2014-Q1', '2014-Q2', '2014-Q3', '2014-Q4', '2015-Q1', '2015-Q2', '2015-Q3']);
  });
});

describe('a phase evaluation', () => {
  const facts: PhaseFacts = {
    phase: model,
    dueBy: '2015-12-31',
    municipalities: [
      { municipalityId: 'kreis-warendorf', name: 'Kreis Warendorf', enrolments: [{ from: '2012-01-01', until: null }], themeAreas: [{ id: 'ben', title: 'Bildungs- und Erziehungsnetzwerk' }, { id: 'kita', title: 'Kita' }] },
      { municipalityId: 'kreis-unna', name: 'Kreis Unna', enrolments: [{ from: '2015-01-01', until: null }], themeAreas: [] },
    ],
    goals: [
      { id: 'w-2', municipalityId: 'kreis-warendorf', themeArea: 'ben', title: 'Zwei', status: 'largely_implemented' },
      { id: 'w-1', municipalityId: 'kreis-warendorf', themeArea: 'ben', title: 'Eins', status: 'largely_implemented' },
      { id: 'w-3', municipalityId: 'kreis-warendorf', themeArea: 'kita', title: 'Drei', status: 'discontinued' },
      { id: 'd-1', municipalityId: 'kreis-dueren', themeArea: 'netz', title: 'Düren', status: 'agreed' },
    ],
    reviews: [
      { municipalityId: 'kreis-unna', quarter: '2015-Q2', reviewId: 'kreis-unna-2015-Q2', heldOn: '2015-06-20' },
      { municipalityId: 'kreis-unna', quarter: '2015-Q1', reviewId: 'kreis-unna-2015-Q1', heldOn: '2015-03-20' },
    ],
    lastAssessments: new Map([['w-1', { reviewId: 'kreis-warendorf-2015-Q3', quarter: '2015-Q3', heldOn: '2015-09-24', progress: 'achieved' as const, note: 'verstetigt' }]]),
    carriedOver: new Map([['w-1', 'rollout']]),
    discontinuedReasons: new Map([['w-3', 'Träger aufgelöst'], ['w-1', 'never shown: w-1 is not discontinued']]),
  };
  const outcome = evaluatePhase(facts);

  it('counts the goals by status, over the phase and per municipality and theme area, naming every status', () => {
    expect(outcome.totals).toEqual({
      municipalities: 3,
      goals: 4,
      byStatus: { ...noStatuses(), largely_implemented: 2, discontinued: 1, agreed: 1 },
      reviewsHeld: 2,
      missingReviews: 15 + 1,
      carriedOver: 1,
      discontinued: 1,
    });
    const warendorf = outcome.municipalities.find((m) => m.municipalityId === 'kreis-warendorf');
    expect(warendorf?.themeAreas.map((area) => [area.themeArea, area.title, area.byStatus.largely_implemented, area.byStatus.discontinued])).toEqual([
      ['ben', 'Bildungs- und Erziehungsnetzwerk', 2, 0],
      ['kita', 'Kita', 0, 1],
    ]);
  });

  it('lists each goal with its last assessment, the phase it was carried into, and why it was discontinued', () => {
    const warendorf = outcome.municipalities.find((m) => m.municipalityId === 'kreis-warendorf');
    expect(warendorf?.themeAreas.flatMap((area) => area.goals)).toEqual([
      { id: 'w-1', title: 'Eins', status: 'largely_implemented', lastAssessment: facts.lastAssessments.get('w-1'), carriedOverTo: 'rollout', discontinuedReason: null },
      { id: 'w-2', title: 'Zwei', status: 'largely_implemented', lastAssessment: null, carriedOverTo: null, discontinuedReason: null },
      { id: 'w-3', title: 'Drei', status: 'discontinued', lastAssessment: null, carriedOverTo: null, discontinuedReason: 'Träger aufgelöst' },
    ]);
  });

  it('shows the quarterly rhythm: reviews held in quarter order, and the quarters without one', () => {
    const unna = outcome.municipalities.find((m) => m.municipalityId === 'kreis-unna');
    expect(unna?.reviews).toEqual({
      expectedQuarters: 3,
      held: [
        { quarter: '2015-Q1', reviewId: 'kreis-unna-2015-Q1', heldOn: '2015-03-20' },
        { quarter: '2015-Q2', reviewId: 'kreis-unna-2015-Q2', heldOn: '2015-06-20' },
      ],
      missingQuarters: ['2015-Q3'],
    });
  });

  it('keeps a municipality with goals but no enrolment, without a name, owing no reviews', () => {
    const dueren = outcome.municipalities.find((m) => m.municipalityId === 'kreis-dueren');
    expect([dueren?.name, dueren?.enrolment, dueren?.reviews.expectedQuarters, dueren?.themeAreas.map((a) => [a.themeArea, a.title])]).toEqual([null, null, 0, [['netz', null]]]);
  });
});
