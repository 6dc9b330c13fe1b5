import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GoalHistoryQueries, type GoalHistoryPage } from '#projections';
import { DomainError } from '#domain';
import { GetGoalHistoryQuery } from './get-goal-history.query.js';

@QueryHandler(GetGoalHistoryQuery)
export class GetGoalHistoryHandler implements IQueryHandler<GetGoalHistoryQuery> {
  constructor(private readonly histories: GoalHistoryQueries) {}

  async execute({ goalId, afterRevision, limit }: GetGoalHistoryQuery): Promise<GoalHistoryPage> {
    const page = await this.histories.page(goalId, afterRevision, limit);
    if (!page) throw new DomainError('goal-not-found', `Goal ${goalId} does not exist`, { goalId });
    return page;
  }
}
