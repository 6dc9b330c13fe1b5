import { Query } from '@nestjs/cqrs';
import type { GoalHistoryEntry, PointOfView } from '#projections';

export interface GoalHistoryAnswer {
  readonly items: GoalHistoryEntry[];
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
