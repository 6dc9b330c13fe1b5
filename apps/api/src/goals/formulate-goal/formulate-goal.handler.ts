import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GoalWriter, type WriteResult } from '../write/goal-writer.js';
import { FormulateGoalCommand } from './formulate-goal.command.js';

@CommandHandler(FormulateGoalCommand)
export class FormulateGoalHandler implements ICommandHandler<FormulateGoalCommand> {
  constructor(private readonly writer: GoalWriter) {}

  execute({ definition, occurredAt, context }: FormulateGoalCommand): Promise<WriteResult> {
    return this.writer.write(definition.goalId, (now) => ({ type: 'FormulateGoal', data: definition, occurredAt, now }), context);
  }
}
