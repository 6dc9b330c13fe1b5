import { GOAL_EVENTS, goalIdOfStream } from '#domain';
import type { EventKind } from './read-model.js';

/** Goal events of goal streams: what both goal read models fold. */
export function isGoalEvent(event: EventKind): boolean {
  return Object.hasOwn(GOAL_EVENTS.events, event.type) && goalIdOfStream(event.stream) !== undefined;
}
