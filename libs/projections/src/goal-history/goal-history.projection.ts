import { evolveGoal, goalIdOfStream, initialGoalState, toGoalEvent, type GoalState } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

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

export interface GoalHistory {
  readonly goalId: string;
  readonly revision: number;
  /** The goal after the latest entry, to tell what the next event changes. */
  readonly state: GoalState;
  readonly entries: readonly GoalHistoryEntry[];
}

/** Bookkeeping fields of the domain state that are not facts about the goal. */
const NOT_RECORDED_AS_CHANGES = new Set(['exists', 'id', 'latestOccurredAt']);

export const goalHistoryProjection: Projection<GoalHistory> = {
  name: 'goal-history',
  version: 1,
  filterable: [],
  keyOf: (event) => goalIdOfStream(event.stream),
  evolve: evolveGoalHistory,
};

export function evolveGoalHistory(history: GoalHistory | undefined, event: RecordedEvent): GoalHistory | undefined {
  const goalEvent = toGoalEvent(event);
  if (!goalEvent || (history && event.revision <= history.revision)) return history;
  const before = history?.state ?? initialGoalState;
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
  return {
    goalId: goalIdOfStream(event.stream) ?? event.stream,
    revision: event.revision,
    state: after,
    entries: [...(history?.entries ?? []), entry],
  };
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
