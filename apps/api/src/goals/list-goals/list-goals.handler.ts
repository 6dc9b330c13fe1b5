import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GoalDetailsQueries, type GoalPage } from '#projections';
import { ListGoalsQuery } from './list-goals.query.js';

@QueryHandler(ListGoalsQuery)
export class ListGoalsHandler implements IQueryHandler<ListGoalsQuery> {
  constructor(private readonly goals: GoalDetailsQueries) {}

  execute({ filter, afterKey, limit }: ListGoalsQuery): Promise<GoalPage> {
    return this.goals.list(filter, afterKey, limit);
  }
}
