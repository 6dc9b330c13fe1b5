import { GOAL_EVENT_TYPES, type GoalEvent } from './goal.types.js';

/** The parts of a stored event the domain reads; structurally satisfied by the store's RecordedEvent. */
export interface StoredEventShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: { readonly occurredAt: string };
}

/**
 * Turns a stored event back into a domain event, or undefined when it is not a goal event.
 * Every goal event is at schema version 1 so far; upcasters of later versions belong here.
 */
export function toGoalEvent(stored: StoredEventShape): GoalEvent | undefined {
  if (!GOAL_EVENT_TYPES.has(stored.type)) return undefined;
  // The type is a goal event's; its data was written by decide() and is trusted as such.
  return { type: stored.type, data: stored.data, occurredAt: stored.metadata.occurredAt } as GoalEvent;
}

/** Stream names are `{category}-{id}`, as KurrentDB's category projections expect. */
export const GOAL_STREAM_PREFIX = 'goal-';

export function goalStream(goalId: string): string {
  return `${GOAL_STREAM_PREFIX}${goalId}`;
}

/** The goal id of a goal stream, or undefined for a stream of another category. */
export function goalIdOfStream(stream: string): string | undefined {
  return stream.startsWith(GOAL_STREAM_PREFIX) ? stream.slice(GOAL_STREAM_PREFIX.length) : undefined;
}
