import { Query } from '@nestjs/cqrs';
import type { GoalFilter, GoalPage } from '#projections';

export class ListGoalsQuery extends Query<GoalPage> {
  constructor(
    readonly filter: GoalFilter,
    readonly afterKey: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}
