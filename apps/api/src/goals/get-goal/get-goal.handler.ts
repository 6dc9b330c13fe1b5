import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GoalDetailsQueries, type GoalDetails } from '#projections';
import { DomainError } from '#domain';
import { GetGoalQuery } from './get-goal.query.js';

@QueryHandler(GetGoalQuery)
export class GetGoalHandler implements IQueryHandler<GetGoalQuery> {
  constructor(private readonly goals: GoalDetailsQueries) {}

  async execute({ goalId }: GetGoalQuery): Promise<GoalDetails> {
    const goal = await this.goals.get(goalId);
    if (!goal) throw new DomainError('goal-not-found', `Goal ${goalId} does not exist`, { goalId });
    return goal;
  }
}
