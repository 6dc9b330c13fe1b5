import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GoalQueries, reflectedPosition, sortValueOf } from '#projections';
import { ListGoalsQuery, type GoalListAnswer } from './list-goals.query.js';

@QueryHandler(ListGoalsQuery)
export class ListGoalsHandler implements IQueryHandler<ListGoalsQuery> {
  constructor(private readonly goals: GoalQueries) {}

  async execute({ filter, sort, after, limit, view }: ListGoalsQuery): Promise<GoalListAnswer> {
    // One extra row tells whether another page follows, without a count query.
    const [rows, logPosition] = await Promise.all([this.goals.list(filter, sort, after, limit + 1, view), this.goals.logPosition(view)]);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? { value: sortValueOf(last, sort), id: last.id } : undefined, logPosition: reflectedPosition(logPosition, items) };
  }
}
