import {
  goalDecider,
  municipalityDecider,
  quarterDates,
  reviewDecider,
  type AssessedGoal,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewState,
} from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/** The last instant before a calendar day begins, and the last instant of a day. */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) - 1).toISOString();
const endOf = (day: string) => `${day}T23:59:59.999Z`;

/**
 * Reviews on the command path: a review looks up its municipality (as of the day it was held) and every
 * assessed goal as it stood before the quarter began and at its last day.
 */
export const REVIEW: Aggregate<ReviewCommand, ReviewEvent, ReviewState> = {
  decider: reviewDecider,
  // The quarterly review is the coordination office's conversation with a municipality.
  writers: ['admin', 'coordinator'],
  async beforeDecide({ command, lookup }) {
    if (command.type !== 'HoldQuarterlyReview') return command;
    const { municipalityId, quarter, assessments } = command.data;
    const { firstDay, lastDay } = quarterDates(quarter);
    const goals: Record<string, AssessedGoal> = {};
    for (const { goalId } of assessments) {
      goals[goalId] = {
        atStart: await lookup.stateOf(goalDecider, goalId, dayBefore(firstDay)),
        atEnd: await lookup.stateOf(goalDecider, goalId, endOf(lastDay)),
      };
    }
    return { ...command, municipality: await lookup.stateOf(municipalityDecider, municipalityId, command.occurredAt), goals };
  },
};
