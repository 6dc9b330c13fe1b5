import { Command } from '@nestjs/cqrs';
import type { GoalChanges } from '#domain';
import type { WriteContext } from '../../http/write-context.js';
import type { WriteResult } from '../write/goal-writer.js';

export class ReviseGoalCommand extends Command<WriteResult> {
  constructor(
    readonly goalId: string,
    readonly changes: GoalChanges,
    readonly reason: string,
    readonly occurredAt: string,
    readonly context: WriteContext,
  ) {
    super();
  }
}
