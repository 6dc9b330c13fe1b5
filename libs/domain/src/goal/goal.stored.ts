import { GOAL_EVENTS } from './goal.events.js';
import type { GoalEvent } from './goal.types.js';

/** The parts of a stored event the domain reads; structurally satisfied by the store's RecordedEvent. */
export interface StoredEventShape {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly occurredAt: string };
}

/**
 * A stored event as a goal event, or undefined when it is not one. The store hands events out upcast to
 * their current schema version and checked against it when they were appended, so the data is trusted.
 */
export function toGoalEvent(stored: StoredEventShape): GoalEvent | undefined {
  if (!Object.hasOwn(GOAL_EVENTS.events, stored.type)) return undefined;
  return { type: stored.type, data: stored.data, occurredAt: stored.metadata.occurredAt } as GoalEvent;
}
