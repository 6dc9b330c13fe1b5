import { evolveGoal, initialGoalState, toGoalEvent, type GoalState } from '#domain';
import type { RecordedEvent } from '#event-store';

export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** One event of a goal, as evaluators and auditors read it. */
export interface GoalHistoryEntry {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly reason: string | null;
  readonly changes: readonly FieldChange[];
}

/** A goal after its latest history entry, to tell what the next event changes. */
export interface GoalHistoryHead {
  readonly revision: number;
  readonly state: GoalState;
}

/** Bookkeeping fields of the domain state that are not facts about the goal. */
const NOT_RECORDED_AS_CHANGES = new Set(['exists', 'id', 'latestOccurredAt']);

/**
 * The entry an event adds to its goal's history, and the goal after it. Undefined for an event that is
 * not a goal event or that the head already covers (applied twice, or delivered late).
 */
export function nextHistoryEntry(head: GoalHistoryHead | undefined, event: RecordedEvent): { entry: GoalHistoryEntry; head: GoalHistoryHead } | undefined {
  const goalEvent = toGoalEvent(event);
  if (!goalEvent || (head && event.revision <= head.revision)) return undefined;
  const before = head?.state ?? initialGoalState;
  const after = evolveGoal(before, goalEvent);
  const data = event.data as { reason?: unknown };
  const entry: GoalHistoryEntry = {
    eventId: event.id,
    type: event.type,
    revision: event.revision,
    position: event.position,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    reason: typeof data.reason === 'string' ? data.reason : null,
    changes: changesBetween(before, after),
  };
  return { entry, head: { revision: event.revision, state: after } };
}

/** Every recorded field whose value differs; a field that did not exist before changes from null. */
function changesBetween(before: GoalState, after: GoalState): FieldChange[] {
  const from = before as unknown as Record<string, unknown>;
  const to = after as unknown as Record<string, unknown>;
  return Object.keys(to)
    .filter((field) => !NOT_RECORDED_AS_CHANGES.has(field))
    .filter((field) => (from[field] ?? null) !== (to[field] ?? null))
    .map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}
