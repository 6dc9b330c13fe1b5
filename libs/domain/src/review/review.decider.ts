import { existing as existingMunicipality } from '../municipality/municipality.decider.js';
import { streamName, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { quarterDates } from './quarter.js';
import { initialReviewState, reviewIdOf, type DeclinedProposal, type HoldQuarterlyReview, type ReviewCommand, type ReviewEvent, type ReviewState } from './review.types.js';

export const REVIEW_CATEGORY = 'review';
export const reviewStream = (reviewId: string): string => streamName(REVIEW_CATEGORY, reviewId);

function decide(command: ReviewCommand, state: ReviewState): ReviewEvent[] {
  const { occurredAt } = command;
  if (command.type === 'RecordDeclinedProposal') {
    const { reviewId } = command.data;
    if (!state.exists) throw new DomainError('review-not-found', `Review ${reviewId} does not exist`, { reviewId });
    return [{ type: 'StatusProposalDeclined', data: command.data, occurredAt }];
  }
  const event: ReviewEvent = { type: 'QuarterlyReviewHeld', data: command.data, occurredAt };
  check(state, event);
  assertGoalsActive(command);
  return [event];
}

/**
 * The rules a review's facts must keep, also when a correction refolds its history. A decline has none of
 * its own: the manager records it for the review, which it follows — a review retracted or moved to a later
 * day is never refused because of a decline the manager wrote.
 */
function check(state: ReviewState, event: ReviewEvent): void {
  if (event.type === 'StatusProposalDeclined') return;
  const { reviewId, municipalityId, quarter, heldOn } = event.data;
  if (state.exists) throw new DomainError('review-already-held', `${municipalityId} already had its review of ${quarter} (on ${state.heldOn})`, { reviewId, heldOn: state.heldOn });
  if (reviewId !== reviewIdOf(municipalityId, quarter)) throw new Error(`Review id ${reviewId} does not match ${municipalityId} and ${quarter}`);
  const { firstDay, latestReviewDay } = quarterDates(quarter);
  if (heldOn < firstDay || heldOn > latestReviewDay) {
    throw new DomainError('review-date-invalid', `A review of ${quarter} is held between ${firstDay} and ${latestReviewDay}; ${heldOn} is not`, {
      field: 'heldOn',
      firstDay,
      latestReviewDay,
    });
  }
  const goalIds = event.data.assessments.map((a) => a.goalId);
  const repeated = goalIds.filter((id, i) => goalIds.indexOf(id) !== i);
  if (repeated.length > 0) throw goalsInvalid(repeated.map((goalId) => ({ field: `assessments.${goalIds.lastIndexOf(goalId)}.goalId`, message: `${goalId} is assessed twice` })));
}

/** The assessed goals belong to the municipality and are active in the quarter (formulated by its end, not discontinued before it). */
function assertGoalsActive({ data, municipality, goals }: HoldQuarterlyReview): void {
  if (!municipality || !goals) throw new Error('HoldQuarterlyReview needs its municipality and goals looked up');
  existingMunicipality(municipality, data.municipalityId);
  const errors = data.assessments.flatMap(({ goalId }, index) => {
    const goal = goals[goalId];
    const field = `assessments.${index}.goalId`;
    if (!goal?.atEnd.exists) return [{ field, message: `goal ${goalId} did not exist by the end of ${data.quarter}` }];
    if (goal.atEnd.municipalityId !== data.municipalityId) return [{ field, message: `goal ${goalId} belongs to ${goal.atEnd.municipalityId}` }];
    if (goal.atStart.exists && goal.atStart.status === 'discontinued') return [{ field, message: `goal ${goalId} was discontinued before ${data.quarter}` }];
    return [];
  });
  if (errors.length > 0) throw goalsInvalid(errors);
}

function evolve(state: ReviewState, event: ReviewEvent): ReviewState {
  if (event.type === 'QuarterlyReviewHeld') {
    const proposed = (declined: DeclinedProposal) => event.data.assessments.some((a) => a.goalId === declined.goalId && a.proposedStatus === declined.proposedStatus);
    const before = state.exists ? [] : state.declinedBefore.filter(proposed).map((declined) => declined.goalId);
    return { exists: true, ...event.data, declined: [...new Set(before)] };
  }
  const { goalId, proposedStatus } = event.data;
  if (!state.exists) return { exists: false, declinedBefore: [...state.declinedBefore, { goalId, proposedStatus }] };
  return state.declined.includes(goalId) ? state : { ...state, declined: [...state.declined, goalId] };
}

const goalsInvalid = (errors: { field: string; message: string }[]) =>
  new DomainError('review-goals-invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });

export const reviewDecider: Decider<ReviewCommand, ReviewEvent, ReviewState> = {
  category: REVIEW_CATEGORY,
  initialState: initialReviewState,
  streamIdOf: (command) => command.data.reviewId,
  decide,
  evolve,
  check,
};
