import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import { GoalHistoryQueries, GoalQueries } from '#projections';
import { GetGoalHistoryQuery, type GoalHistoryAnswer } from './get-goal-history.query.js';

@QueryHandler(GetGoalHistoryQuery)
export class GetGoalHistoryHandler implements IQueryHandler<GetGoalHistoryQuery> {
  constructor(
    private readonly histories: GoalHistoryQueries,
    private readonly goals: GoalQueries,
  ) {}

  async execute({ goalId, afterRevision, limit, view }: GetGoalHistoryQuery): Promise<GoalHistoryAnswer> {
    const [entries, logPosition] = await Promise.all([this.histories.entries(goalId, view), this.goals.logPosition(view)]);
    if (!entries) throw new DomainError('goal-not-found', `Goal ${goalId} has no event recorded by ${view.knownAt}`, { goalId });
    const following = entries.filter((entry) => entry.revision > afterRevision);
    const items = following.slice(0, limit);
    return { items, lastRevision: following.length > limit ? items[items.length - 1].revision : undefined, logPosition };
  }
}
