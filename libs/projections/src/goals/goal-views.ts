import type { GoalStatus } from '#domain';
import { END_OF_TIME } from '../timeline/stream-timeline.js';
import type { GoalSnapshot } from './goal-snapshot.js';

/**
 * The point of view of a query: world time `asOf` (what had happened by then) and system time `knownAt`
 * (what had been recorded by then), both instants. `current` marks the defaults (now, now), which the
 * queries answer through the open ends of the intervals — the same rows, found by equality.
 */
export interface PointOfView {
  readonly asOf: string;
  readonly knownAt: string;
  readonly currentWorld: boolean;
  readonly currentKnowledge: boolean;
}

export const END = END_OF_TIME;

/** A goal as a view shows it; the order of the fields is the order of the JSON answers. */
export interface GoalView extends Omit<GoalSnapshot, 'formulatedAt'> {
  readonly id: string;
  readonly status: GoalStatus;
  /** World time of the latest fact that had happened by `asOf`. */
  readonly latestOccurredAt: string;
  readonly formulatedAt: string;
  /** System time of the latest fact recorded by `knownAt`. */
  readonly updatedAt: string;
  /** The goal's stream revision as known at `knownAt`: its ETag. */
  readonly revision: number;
  /** Log position of that latest fact. */
  readonly position: number;
}

export interface GoalFilter {
  readonly programmeId?: readonly string[];
  readonly municipalityId?: readonly string[];
  readonly phaseId?: readonly string[];
  readonly themeArea?: readonly string[];
  readonly status?: readonly GoalStatus[];
  readonly parentGoalId?: readonly string[];
}

export const GOAL_SORTS = ['id', 'title', 'status', 'formulatedAt', 'latestOccurredAt'] as const;
export type GoalSortField = (typeof GOAL_SORTS)[number];

export interface GoalSort {
  readonly field: GoalSortField;
  readonly descending: boolean;
}

/** Where a page ends: the sort value and id of its last goal. */
export interface GoalCursor {
  readonly value: string;
  readonly id: string;
}

/** The default point of view: as of now, as known now. */
export function currentView(now: Date): PointOfView {
  const instant = now.toISOString();
  return { asOf: instant, knownAt: instant, currentWorld: true, currentKnowledge: true };
}
