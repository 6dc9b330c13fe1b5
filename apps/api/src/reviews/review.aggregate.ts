import {
  DomainError,
  effectiveHistory,
  goalDecider,
  municipalityDecider,
  quarterDates,
  initialReviewState,
  reviewDecider,
  isCalendarDate,
  type AssessedGoal,
  type CorrectEvent,
  type Fact,
  type ReviewDefinition,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewState,
} from '#domain';
import type { Aggregate } from '../commands/aggregate.js';
import type { Lookup } from '../commands/lookup.js';

/** The last instant before a calendar day begins, and the last instant of a day. */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 1).toISOString();
const endOf = (day: string) => `${day}T23:59:59.999Z`;

/**
 * Reviews on the command path: a review looks up its municipality (as of the day it was held) and every
 * assessed goal as it stood before the quarter began and at its last day. A corrected review whose
 * assessments or world time changed, or a retracted one brought back, is decided again the same way.
 */
export const REVIEW: Aggregate<ReviewCommand, ReviewEvent, ReviewState> = {
  decider: reviewDecider,
  // The quarterly review is the coordination office's conversation with a municipality.
  writers: ['admin', 'coordinator'],
  async beforeDecide({ command, history, lookup }) {
    if (command.type === 'CorrectEvent') return heldWhereItHappened(movedWithHeldOn(command, history), history);
    return command.type === 'HoldQuarterlyReview' ? { ...command, ...(await lookUp(command.data, command.occurredAt, lookup)) } : command;
  },
  async checkCorrection({ corrected: { fact, changed, restored }, lookup }) {
    if (fact.type !== 'QuarterlyReviewHeld' || !(restored || changed.some((field) => field === 'assessments' || field === 'occurredAt'))) return;
    const data = fact.data as unknown as ReviewDefinition;
    const { occurredAt } = fact;
    reviewDecider.decide({ type: 'HoldQuarterlyReview', data, occurredAt, now: occurredAt, ...(await lookUp(data, occurredAt, lookup)) }, initialReviewState);
  },
};

/**
 * A review happens on the day it is held: a correction of its `heldOn` without an `occurredAt` of its own
 * moves its world time to that day, as recording the review did, so views as of a date count it by when it
 * was really held.
 */
function movedWithHeldOn(command: CorrectEvent, history: readonly Fact[]): CorrectEvent {
  const heldOn = command.data.changes?.heldOn;
  const target = history.find((fact) => fact.revision === command.data.revision);
  if (target?.type !== 'QuarterlyReviewHeld' || command.data.occurredAt !== undefined || typeof heldOn !== 'string' || !isCalendarDate(heldOn)) return command;
  return { ...command, data: { ...command.data, occurredAt: `${heldOn}T00:00:00.000Z` } };
}

/**
 * A corrected review still happens on the day it was held, inside its quarter's review period: a world
 * time of another day would count it by a day it was not held, and a `heldOn` outside the period would
 * break the rule it was recorded by. Named for the request, before the corrected history is checked.
 */
function heldWhereItHappened(command: CorrectEvent, history: readonly Fact[]): CorrectEvent {
  const { revision, changes, occurredAt } = command.data;
  // Only what the request moves: a review moved off its day under earlier rules can still take other corrections.
  if (command.data.retract || (occurredAt === undefined && changes?.heldOn === undefined)) return command;
  const current = effectiveHistory(history).find((fact) => fact.revision === revision);
  if (current?.type !== 'QuarterlyReviewHeld') return command;
  const review = current.data as unknown as ReviewDefinition;
  const heldOn = typeof changes?.heldOn === 'string' && isCalendarDate(changes.heldOn) ? changes.heldOn : review.heldOn;
  const errors: { field: string; message: string }[] = [];
  const { firstDay, latestReviewDay } = quarterDates(review.quarter);
  if (heldOn !== review.heldOn && (heldOn < firstDay || heldOn > latestReviewDay)) {
    errors.push({ field: 'changes.heldOn', message: `a review of ${review.quarter} is held between ${firstDay} and ${latestReviewDay}` });
  }
  const day = (occurredAt ?? current.occurredAt).slice(0, 10);
  if (day !== heldOn) errors.push({ field: 'occurredAt', message: `a review happens on the day it is held (${heldOn}); correct heldOn to move it` });
  if (errors.length > 0) {
    throw new DomainError('correction-invalid', `The corrected QuarterlyReviewHeld would not be valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { revision, errors });
  }
  return command;
}

/** The municipality as of the review, and each assessed goal before the quarter began and at its last day. */
async function lookUp({ municipalityId, quarter, assessments }: ReviewDefinition, occurredAt: string, lookup: Lookup) {
  const { firstDay, lastDay } = quarterDates(quarter);
  const goals: Record<string, AssessedGoal> = {};
  for (const { goalId } of assessments) {
    goals[goalId] = {
      atStart: await lookup.stateOf(goalDecider, goalId, dayBefore(firstDay)),
      atEnd: await lookup.stateOf(goalDecider, goalId, endOf(lastDay)),
    };
  }
  return { municipality: await lookup.stateOf(municipalityDecider, municipalityId, occurredAt), goals };
}
