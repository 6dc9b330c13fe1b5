import { evolveGoal, initialGoalState, toGoalEvent, type Goal } from '#domain';
import type { RecordedEvent } from '#event-store';

/** A goal as it stands now, as lists and the details endpoint show it: the domain's state plus bookkeeping. */
export interface GoalDetails extends Omit<Goal, 'exists'> {
  /** World time of the formulation. */
  readonly formulatedAt: string;
  /** System time of the latest event. */
  readonly updatedAt: string;
  /** Stream revision of the latest event applied: the goal's ETag. */
  readonly revision: number;
  readonly position: number;
}

/**
 * A goal while events are folded into it: the domain's own state, unchanged, beside the bookkeeping.
 * Folding the domain state as it is spares a conversion per event (rebuilds fold millions).
 */
export interface TrackedGoal {
  readonly goal: Goal;
  readonly formulatedAt: string;
  readonly updatedAt: string;
  readonly revision: number;
  readonly position: number;
}

export function evolveTrackedGoal(tracked: TrackedGoal | undefined, event: RecordedEvent): TrackedGoal | undefined {
  const goalEvent = toGoalEvent(event);
  // Events carry their stream revision, so an event applied twice changes nothing the second time.
  if (!goalEvent || (tracked && event.revision <= tracked.revision)) return tracked;
  const goal = evolveGoal(tracked?.goal ?? initialGoalState, goalEvent);
  if (!goal.exists) return tracked;
  return {
    goal,
    formulatedAt: tracked?.formulatedAt ?? event.metadata.occurredAt,
    updatedAt: event.metadata.recordedAt,
    revision: event.revision,
    position: event.position,
  };
}

export function goalDetailsOf({ goal, formulatedAt, updatedAt, revision, position }: TrackedGoal): GoalDetails {
  // The order of the fields is the order of the JSON answers.
  return {
    id: goal.id,
    programmeId: goal.programmeId,
    municipalityId: goal.municipalityId,
    phaseId: goal.phaseId,
    themeArea: goal.themeArea,
    title: goal.title,
    description: goal.description,
    targetDate: goal.targetDate,
    source: goal.source,
    socialSpaceIds: goal.socialSpaceIds,
    parentGoalId: goal.parentGoalId,
    status: goal.status,
    latestOccurredAt: goal.latestOccurredAt,
    formulatedAt,
    updatedAt,
    revision,
    position,
  };
}
