import { describe, it } from '@jest/globals';
import { deciderSpec } from '../../../../tests/support/decider-spec.js';
import type { GoalState } from '../goal/goal.types.js';
import type { MunicipalityState } from '../municipality/municipality.types.js';
import { reviewDecider } from './review.decider.js';
import type { AssessedGoal, ReviewCommand, ReviewDefinition, ReviewEvent } from './review.types.js';

const spec = deciderSpec(reviewDecider);
const now = '2020-01-01T00:00:00.000Z';
const municipality: MunicipalityState = { exists: true, id: 'kreis-warendorf', name: 'Kreis Warendorf', kind: 'Kreis', ags: null, parentId: null, socialSpaces: [], enrolments: [], themeAreas: [] };
const goal = (municipalityId: string, status: 'in_progress' | 'discontinued' = 'in_progress'): GoalState =>
  ({ exists: true, id: 'g', municipalityId, phaseId: 'model', themeArea: 'ben', title: 't', description: '', targetDate: null, source: null, status, latestOccurredAt: '2012-11-15T00:00:00.000Z' }) as GoalState;
const definition = (overrides: Partial<ReviewDefinition> = {}): ReviewDefinition => ({
  reviewId: 'kreis-warendorf-2013-Q2',
  municipalityId: 'kreis-warendorf',
  quarter: '2013-Q2',
  heldOn: '2013-06-20',
  participants: ['Landeskoordinierungsstelle', 'Amt für Kinder, Jugendliche und Familien'],
  summary: 'Netzwerk BEN arbeitet',
  assessments: [{ goalId: 'ben', progress: 'on_track', note: 'Kooperationsvertrag in Vorbereitung', proposedStatus: 'in_progress' }],
  ...overrides,
});
const hold = (data: ReviewDefinition, goals: Record<string, AssessedGoal> = { ben: { atStart: goal('kreis-warendorf'), atEnd: goal('kreis-warendorf') } }): ReviewCommand => ({
  type: 'HoldQuarterlyReview',
  data,
  occurredAt: `${data.heldOn}T00:00:00.000Z`,
  now,
  municipality,
  goals,
});
const held: ReviewEvent = { type: 'QuarterlyReviewHeld', data: definition(), occurredAt: '2013-06-20T00:00:00.000Z' };

describe('quarterly reviews', () => {
  it('records a review held inside its quarter or within six weeks after it', () => {
    spec.given([]).when(hold(definition())).then([held]);
    spec.given([]).when(hold(definition({ heldOn: '2013-08-11' }))).then([{ ...held, data: definition({ heldOn: '2013-08-11' }), occurredAt: '2013-08-11T00:00:00.000Z' }]);
  });

  it('refuses a review held outside that window, naming heldOn', () => {
    spec.given([]).when(hold(definition({ heldOn: '2013-08-12' }))).thenFailsWith('review-date-invalid', { field: 'heldOn' });
    spec.given([]).when(hold(definition({ heldOn: '2013-03-31' }))).thenFailsWith('review-date-invalid');
  });

  it('holds one review per municipality and quarter', () => {
    spec.given([held]).when(hold(definition({ heldOn: '2013-06-25' }))).thenFailsWith('review-already-held');
  });

  it('refuses goals of another municipality, goals formulated later and goals discontinued before the quarter, naming each', () => {
    const assessments = ['a', 'b', 'c', 'd'].map((goalId) => ({ goalId, progress: 'delayed' as const, note: '', proposedStatus: null }));
    const goals = {
      a: { atStart: goal('kreis-unna'), atEnd: goal('kreis-unna') },
      b: { atStart: { exists: false } as GoalState, atEnd: { exists: false } as GoalState },
      c: { atStart: goal('kreis-warendorf', 'discontinued'), atEnd: goal('kreis-warendorf', 'discontinued') },
      d: { atStart: { exists: false } as GoalState, atEnd: goal('kreis-warendorf') },
    };
    spec.given([]).when(hold(definition({ assessments }), goals)).thenFailsWith('review-goals-invalid', {
      errors: [
        { field: 'assessments.0.goalId', message: 'goal a belongs to kreis-unna' },
        { field: 'assessments.1.goalId', message: 'goal b did not exist by the end of 2013-Q2' },
        { field: 'assessments.2.goalId', message: 'goal c was discontinued before 2013-Q2' },
      ],
    });
  });

  it('refuses a goal assessed twice', () => {
    const twice = definition({ assessments: [...definition().assessments, ...definition().assessments] });
    spec.given([]).when(hold(twice)).thenFailsWith('review-goals-invalid', { errors: [{ field: 'assessments.1.goalId', message: 'ben is assessed twice' }] });
  });

  it('records a declined proposal only for a review that exists', () => {
    const decline: ReviewCommand = {
      type: 'RecordDeclinedProposal',
      data: { reviewId: 'kreis-warendorf-2013-Q2', goalId: 'ben', proposedStatus: 'implemented', code: 'status-transition-forbidden', message: 'no' },
      occurredAt: '2013-06-20T00:00:00.000Z',
      now,
    };
    spec.given([held]).when(decline).then([{ type: 'StatusProposalDeclined', data: decline.data, occurredAt: '2013-06-20T00:00:00.000Z' }]);
    spec.given([]).when(decline).thenFailsWith('review-not-found');
  });
});
