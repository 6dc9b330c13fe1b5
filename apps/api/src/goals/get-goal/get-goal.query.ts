import { Query } from '@nestjs/cqrs';
import type { GoalDetails } from '#projections';

export class GetGoalQuery extends Query<GoalDetails> {
  constructor(readonly goalId: string) {
    super();
  }
}
