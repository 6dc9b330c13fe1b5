import { Query } from '@nestjs/cqrs';
import type { GoalView, PointOfView } from '#projections';

export interface GoalAnswer {
  readonly goal: GoalView;
  readonly logPosition: number;
}

export class GetGoalQuery extends Query<GoalAnswer> {
  constructor(
    readonly goalId: string,
    readonly view: PointOfView,
  ) {
    super();
  }
}
