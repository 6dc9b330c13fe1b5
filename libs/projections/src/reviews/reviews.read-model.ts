import { REVIEW_EVENTS, reviewDecider, type Assessment, type ReviewEvent, type ReviewState } from '#domain';
import { streamReadModel } from '../streams/stream-read-model.js';

/** A quarterly review at one point of world time; keys in a fixed order, so that equal snapshots serialise equally. */
export interface ReviewSnapshot {
  readonly municipalityId: string;
  readonly quarter: string;
  readonly heldOn: string;
  readonly participants: readonly string[];
  readonly summary: string;
  readonly assessments: readonly Assessment[];
  /** Goals whose proposed status could not be applied (StatusProposalDeclined names the rule). */
  readonly declinedProposals: readonly string[];
}

export function reviewSnapshot(state: ReviewState): ReviewSnapshot | undefined {
  if (!state.exists) return undefined;
  const { municipalityId, quarter, heldOn, participants, summary, assessments, declined } = state;
  return {
    municipalityId,
    quarter,
    heldOn,
    participants: [...participants],
    summary,
    assessments: assessments.map(({ goalId, progress, note, proposedStatus }) => ({ goalId, progress, note, proposedStatus })),
    declinedProposals: [...declined],
  };
}

/** Key kind of the goals a review assessed: a goal's history finds its assessments through it. */
export const ASSESSED_GOAL = 'goal';

/** Quarterly reviews with their assessments, at any world time as known at any system time. */
export const reviewsReadModel = streamReadModel<ReviewEvent, ReviewState, ReviewSnapshot>({
  name: 'reviews',
  // 2: rebuilt after the timeline took its tail from unordered rows (rows of earlier versions may overlap).
  // 3: declines folded before their review (it was moved to a later day) stay on it.
  version: 3,
  prefix: 'review',
  decider: reviewDecider,
  events: REVIEW_EVENTS.events,
  snapshotOf: reviewSnapshot,
  columns: [
    { name: 'municipality_id', value: (review) => review.municipalityId },
    { name: 'quarter', value: (review) => review.quarter },
    { name: 'held_on', value: (review) => review.heldOn },
  ],
  keys: (review) => review.assessments.map((assessment) => [ASSESSED_GOAL, assessment.goalId]),
});
