import { Query } from '@nestjs/cqrs';
import type { GoalAssessment, GoalHistoryEntry, PointOfView } from '#projections';

export interface GoalHistoryAnswer {
  readonly items: GoalHistoryEntry[];
  /** The goal's assessments in quarterly reviews, beside its own events (not paged). */
  readonly assessments: GoalAssessment[];
  /** Revision of the last item when more entries follow. */
  readonly lastRevision: number | undefined;
  readonly logPosition: number;
}

export class GetGoalHistoryQuery extends Query<GoalHistoryAnswer> {
  constructor(
    readonly goalId: string,
    readonly afterRevision: number,
    readonly limit: number,
    readonly view: PointOfView,
  ) {
    super();
  }
}
