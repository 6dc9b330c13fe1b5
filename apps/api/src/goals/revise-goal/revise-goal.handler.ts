import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GoalWriter, type WriteResult } from '../write/goal-writer.js';
import { ReviseGoalCommand } from './revise-goal.command.js';

@CommandHandler(ReviseGoalCommand)
export class ReviseGoalHandler implements ICommandHandler<ReviseGoalCommand> {
  constructor(private readonly writer: GoalWriter) {}

  execute({ goalId, changes, reason, occurredAt, context }: ReviseGoalCommand): Promise<WriteResult> {
    return this.writer.write(
      goalId,
      (now) => ({ type: 'ReviseGoal', data: { goalId, changes, reason }, occurredAt, now }),
      context,
    );
  }
}
