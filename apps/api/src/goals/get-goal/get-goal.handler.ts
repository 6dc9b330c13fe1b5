import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GoalDetailsQueries, type GoalDetails } from '#projections';
import { ProblemException } from '../../problems/problem.exception.js';
import { GetGoalQuery } from './get-goal.query.js';

@QueryHandler(GetGoalQuery)
export class GetGoalHandler implements IQueryHandler<GetGoalQuery> {
  constructor(private readonly goals: GoalDetailsQueries) {}

  async execute({ goalId }: GetGoalQuery): Promise<GoalDetails> {
    const goal = await this.goals.get(goalId);
    if (!goal) throw ProblemException.goalNotFound(goalId);
    return goal;
  }
}
