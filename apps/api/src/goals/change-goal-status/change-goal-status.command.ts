import { Command } from '@nestjs/cqrs';
import type { GoalStatus } from '#domain';
import type { WriteContext } from '../../http/write-context.js';
import type { WriteResult } from '../write/goal-writer.js';

export class ChangeGoalStatusCommand extends Command<WriteResult> {
  constructor(
    readonly goalId: string,
    readonly to: GoalStatus,
    readonly reason: string,
    readonly occurredAt: string,
    readonly context: WriteContext,
  ) {
    super();
  }
}
