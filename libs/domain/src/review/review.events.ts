import { z } from 'zod';
import { GOAL_STATUSES } from '../goal/goal-status.js';
import { defineEvents } from '../shared/event-catalogue.js';
import { calendarDate, identifier, text } from '../shared/values.js';
import { PROGRESS } from './review.types.js';
import { QUARTER } from './quarter.js';

const reviewId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}-\d{4}-Q[1-4]$/, 'must be {municipalityId}-{quarter}');

export const REVIEW_EVENTS = defineEvents('review', {
  QuarterlyReviewHeld: {
    version: 1,
    description: 'The coordination office held its quarterly review (Quartalsgespräch) with the municipality and assessed its goals.',
    schema: z.strictObject({
      reviewId,
      municipalityId: identifier,
      quarter: z.string().regex(QUARTER, 'must be a quarter like 2013-Q2'),
      heldOn: calendarDate,
      participants: z.array(text(200)).max(100),
      summary: text(10_000, { allowEmpty: true }),
      assessments: z
        .array(z.strictObject({ goalId: identifier, progress: z.enum(PROGRESS), note: text(5000, { allowEmpty: true }), proposedStatus: z.enum(GOAL_STATUSES).nullable() }))
        .max(500),
    }),
    correctable: ['heldOn', 'participants', 'summary', 'assessments'],
  },
  StatusProposalDeclined: {
    version: 1,
    description: "A status the review proposed could not be applied to the goal (the rule it broke is named); the goal's status stays as it was.",
    schema: z.strictObject({ reviewId, goalId: identifier, proposedStatus: z.enum(GOAL_STATUSES), code: z.string().min(1).max(100), message: text(2000) }),
    correctable: [],
  },
});
