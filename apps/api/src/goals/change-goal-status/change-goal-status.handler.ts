import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GoalWriter, type WriteResult } from '../write/goal-writer.js';
import { ChangeGoalStatusCommand } from './change-goal-status.command.js';

@CommandHandler(ChangeGoalStatusCommand)
export class ChangeGoalStatusHandler implements ICommandHandler<ChangeGoalStatusCommand> {
  constructor(private readonly writer: GoalWriter) {}

  execute({ goalId, to, reason, occurredAt, context }: ChangeGoalStatusCommand): Promise<WriteResult> {
    return this.writer.write(
      goalId,
      (now) => ({ type: 'ChangeGoalStatus', data: { goalId, to, reason }, occurredAt, now }),
      context,
    );
  }
}
