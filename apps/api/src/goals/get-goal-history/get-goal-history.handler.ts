import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import { GoalHistoryQueries, GoalQueries, ReviewQueries } from '#projections';
import { GetGoalHistoryQuery, type GoalHistoryAnswer } from './get-goal-history.query.js';

@QueryHandler(GetGoalHistoryQuery)
export class GetGoalHistoryHandler implements IQueryHandler<GetGoalHistoryQuery> {
  constructor(
    private readonly histories: GoalHistoryQueries,
    private readonly goals: GoalQueries,
    private readonly reviews: ReviewQueries,
  ) {}

  async execute({ goalId, afterRevision, limit, view }: GetGoalHistoryQuery): Promise<GoalHistoryAnswer> {
    const [entries, assessments, ...positions] = await Promise.all([
      this.histories.entries(goalId, view),
      this.reviews.ofGoal(goalId, view),
      this.goals.logPosition(view),
      this.reviews.logPosition(view),
    ]);
    if (!entries) throw new DomainError('goal-not-found', `Goal ${goalId} has no event recorded by ${view.knownAt}`, { goalId });
    const following = entries.filter((entry) => entry.revision > afterRevision);
    const items = following.slice(0, limit);
    // The view folds both read models: it reflects the later of their last events recorded by knownAt.
    return { items, assessments, lastRevision: following.length > limit ? items[items.length - 1].revision : undefined, logPosition: Math.max(...positions) };
  }
}
