import { evolveGoal, goalIdOfStream, initialGoalState, toGoalEvent, type Goal } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

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

export const goalDetailsProjection: Projection<GoalDetails> = {
  name: 'goal-details',
  version: 1,
  filterable: ['municipalityId', 'phaseId', 'status', 'themeArea'],
  keyOf: (event) => goalIdOfStream(event.stream),
  evolve: evolveGoalDetails,
};

export function evolveGoalDetails(details: GoalDetails | undefined, event: RecordedEvent): GoalDetails | undefined {
  const goalEvent = toGoalEvent(event);
  // Events carry their stream revision, so an event applied twice changes nothing the second time.
  if (!goalEvent || (details && event.revision <= details.revision)) return details;
  const state = evolveGoal(details ? toGoal(details) : initialGoalState, goalEvent);
  if (!state.exists) return details;
  const { exists: _exists, ...goal } = state;
  return {
    ...goal,
    formulatedAt: details?.formulatedAt ?? event.metadata.occurredAt,
    updatedAt: event.metadata.recordedAt,
    revision: event.revision,
    position: event.position,
  };
}

function toGoal({ formulatedAt: _f, updatedAt: _u, revision: _r, position: _p, ...goal }: GoalDetails): Goal {
  return { exists: true, ...goal };
}
