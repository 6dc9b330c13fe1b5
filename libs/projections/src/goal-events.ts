import { GOAL_EVENT_TYPES, goalIdOfStream } from '#domain';
import type { EventKind } from './read-model.js';

/** Goal events of goal streams: what both goal read models fold. */
export function isGoalEvent(event: EventKind): boolean {
  return GOAL_EVENT_TYPES.has(event.type) && goalIdOfStream(event.stream) !== undefined;
}
