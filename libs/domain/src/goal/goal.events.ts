import { z } from 'zod';
import { defineEvents } from '../shared/event-catalogue.js';
import { calendarDate, identifier, text } from '../shared/values.js';
import { GOAL_STATUSES } from './goal-status.js';

const reason = text(2000);

/** The goal's event types: current shapes, upcasters from older ones, and what a correction may change. */
export const GOAL_EVENTS = defineEvents('goal', {
  GoalFormulated: {
    version: 2,
    description: 'A municipality agreed on a goal in a phase of a programme (e.g. in a goal-concretisation workshop); it starts as `agreed`.',
    schema: z.strictObject({
      goalId: identifier,
      programmeId: identifier.nullable(),
      municipalityId: identifier,
      phaseId: identifier,
      themeArea: identifier,
      title: text(200),
      description: text(5000, { allowEmpty: true }),
      targetDate: calendarDate.nullable(),
      source: text(500).nullable(),
      socialSpaceIds: z.array(identifier).max(50),
      parentGoalId: identifier.nullable(),
    }),
    upcasters: {
      1: {
        change: 'Version 1 named municipality, phase and theme area as free text. Version 2 adds the programme, the social spaces and the parent goal; a version-1 goal has no programme, no social spaces and no parent.',
        upcast: (data) => ({ ...data, programmeId: null, socialSpaceIds: [], parentGoalId: null }),
      },
    },
    correctable: ['themeArea', 'title', 'description', 'targetDate', 'source', 'socialSpaceIds'],
  },
  GoalRevised: {
    version: 1,
    description: 'Title, description or target date of a goal were revised, with a reason; only the fields that changed.',
    schema: z.strictObject({
      goalId: identifier,
      changes: z
        .strictObject({ title: text(200).optional(), description: text(5000, { allowEmpty: true }).optional(), targetDate: calendarDate.nullable().optional() })
        .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field'),
      reason,
    }),
    correctable: ['changes', 'reason'],
  },
  GoalStatusChanged: {
    version: 2,
    description: 'A goal moved along the status workflow, with a reason.',
    schema: z.strictObject({ goalId: identifier, to: z.enum(GOAL_STATUSES), reason }),
    upcasters: {
      1: {
        change: 'Version 1 also recorded `from`, the status before. A backdated change or a correction can insert facts before this one, so only the fold can tell it; version 2 drops it.',
        upcast: ({ from: _from, ...data }) => data,
      },
    },
    correctable: ['to', 'reason'],
  },
  GoalCarriedOver: {
    version: 1,
    description: 'A goal of a closed or closing phase continues in a later phase of its programme: same id, same history, from now on in the new phase and theme area.',
    schema: z.strictObject({ goalId: identifier, fromPhaseId: identifier, toPhaseId: identifier, themeArea: identifier, reason: text(2000) }),
    correctable: ['themeArea', 'reason'],
  },
});
