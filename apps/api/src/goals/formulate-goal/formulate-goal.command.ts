import { Command } from '@nestjs/cqrs';
import type { GoalDefinition } from '#domain';
import type { WriteContext } from '../../http/write-context.js';
import type { WriteResult } from '../write/goal-writer.js';

export class FormulateGoalCommand extends Command<WriteResult> {
  constructor(
    readonly definition: GoalDefinition,
    readonly occurredAt: string,
    readonly context: WriteContext,
  ) {
    super();
  }
}
