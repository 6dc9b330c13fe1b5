import type { GoalStatus } from '#domain';
import { END_OF_TIME } from '../timeline/stream-timeline.js';
import type { GoalSnapshot } from './goal-snapshot.js';

export type { PointOfView } from '../timeline/point-of-view.js';

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
