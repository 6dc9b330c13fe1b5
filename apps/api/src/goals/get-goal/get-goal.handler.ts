import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import { GoalQueries, reflectedPosition } from '#projections';
import { GetGoalQuery, type GoalAnswer } from './get-goal.query.js';

@QueryHandler(GetGoalQuery)
export class GetGoalHandler implements IQueryHandler<GetGoalQuery> {
  constructor(private readonly goals: GoalQueries) {}

  async execute({ goalId, view }: GetGoalQuery): Promise<GoalAnswer> {
    const [goal, logPosition] = await Promise.all([this.goals.get(goalId, view), this.goals.logPosition(view)]);
    if (!goal) throw new DomainError('goal-not-found', `Goal ${goalId} does not exist as of ${view.asOf}, as known at ${view.knownAt}`, { goalId });
    return { goal, logPosition: reflectedPosition(logPosition, [goal]) };
  }
}
