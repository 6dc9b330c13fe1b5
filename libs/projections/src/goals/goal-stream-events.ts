import { GOAL_EVENTS, goalIdOfStream, isCorrection } from '#domain';
import type { EventKind } from '../read-model.js';

/** The events of goal streams the goal views fold: the goal's own, and corrections of them. */
export function isGoalStreamEvent(event: EventKind): boolean {
  return goalIdOfStream(event.stream) !== undefined && (Object.hasOwn(GOAL_EVENTS.events, event.type) || isCorrection(event.type));
}
