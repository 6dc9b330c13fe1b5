import type { GoalDefinition, GoalState, GoalStatus } from '#domain';

/** What a goal looks like at one point of world time: the columns views filter and sort on. */
export interface GoalSnapshot extends Omit<GoalDefinition, 'goalId'> {
  readonly status: GoalStatus;
  /** World time of the (corrected) formulation. */
  readonly formulatedAt: string;
}

/** The snapshot of a goal state, keys in a fixed order so that equal snapshots serialise equally. */
export function goalSnapshot(state: GoalState, formulatedAt: string): GoalSnapshot | undefined {
  if (!state.exists) return undefined;
  const { programmeId, municipalityId, phaseId, themeArea, title, description, targetDate, source, socialSpaceIds, parentGoalId, status } = state;
  return { programmeId, municipalityId, phaseId, themeArea, title, description, targetDate, source, socialSpaceIds: [...socialSpaceIds], parentGoalId, status, formulatedAt };
}
