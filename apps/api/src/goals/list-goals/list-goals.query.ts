import { Query } from '@nestjs/cqrs';
import type { GoalCursor, GoalFilter, GoalSort, GoalView, PointOfView } from '#projections';

export interface GoalListAnswer {
  readonly items: GoalView[];
  /** Where the next page starts, when one follows. */
  readonly next: GoalCursor | undefined;
  readonly logPosition: number;
}

export class ListGoalsQuery extends Query<GoalListAnswer> {
  constructor(
    readonly filter: GoalFilter,
    readonly sort: GoalSort,
    readonly after: GoalCursor | undefined,
    readonly limit: number,
    readonly view: PointOfView,
  ) {
    super();
  }
}
