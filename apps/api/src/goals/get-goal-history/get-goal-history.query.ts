import { Query } from '@nestjs/cqrs';
import type { GoalHistoryPage } from '#projections';

export class GetGoalHistoryQuery extends Query<GoalHistoryPage> {
  constructor(
    readonly goalId: string,
    readonly afterRevision: number,
    readonly limit: number,
  ) {
    super();
  }
}
