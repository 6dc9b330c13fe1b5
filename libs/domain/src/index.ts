export * from './shared/domain-error.js';
export * from './shared/core-errors.js';
export * from './shared/decider.js';
export * from './shared/values.js';
export * from './shared/event-catalogue.js';
export * from './shared/corrections.js';
export * from './shared/timeline.js';
export * from './shared/correct-event.js';
export * from './goal/goal-status.js';
export * from './goal/goal.types.js';
export * from './goal/goal.errors.js';
export * from './goal/goal.events.js';
export * from './goal/goal.decider.js';
export * from './goal/goal.stored.js';
export { decide as decideGoal } from './goal/goal.decide.js';
export { evolve as evolveGoal } from './goal/goal.evolve.js';
export { check as checkGoal } from './goal/goal.check.js';

import { CORRECTION_EVENTS } from './shared/corrections.js';
import { EventCatalogue } from './shared/event-catalogue.js';
import { GOAL_EVENTS } from './goal/goal.events.js';

/** Every event type the log holds, by aggregate; docs/events.md is generated from it. */
export const EVENT_CATALOGUE = new EventCatalogue([GOAL_EVENTS, CORRECTION_EVENTS]);
