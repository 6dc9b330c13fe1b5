import { Controller, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExecuteCommand } from '../../commands/execute-command.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { normaliseWorldTime } from '../../http/validators.js';
import { WriteEndpoint } from '../../http/write-endpoint.decorator.js';
import { writeResponse } from '../../http/write-response.js';
import type { WriteResultDto } from '../../http/write-result.dto.js';
import { GOAL } from '../goal.aggregate.js';
import { CarryOverGoalDto } from './carry-over-goal.dto.js';
import { Allow, GOAL_WRITERS } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...GOAL_WRITERS)
@Controller('v1/goals')
export class CarryOverGoalController {
  constructor(private readonly commands: CommandBus) {}

  @WriteEndpoint({
    path: ':id/carry-over',
    params: { id: 'warendorf-netzwerk-muessingen' },
    summary: 'Carry a goal over into a later phase',
    description:
      'Records GoalCarriedOver: the goal keeps its id and whole history and from occurredAt on belongs to the later phase. ' +
      'As of a date before, it still shows in the old phase. A discontinued goal cannot be carried over.',
    body: CarryOverGoalDto,
    problems: ['goal-not-found', 'goal-discontinued', 'carry-over-invalid', 'carry-over-phase-mismatch'],
  })
  async carryOver(
    @ValidRequest({ goalId: true, body: CarryOverGoalDto, write: true }) { goalId, body, write }: RequestInput<CarryOverGoalDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const data = { goalId, toPhaseId: body.toPhaseId, themeArea: body.themeArea ?? null, reason: body.reason };
    const command = { type: 'CarryOverGoal', data, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(GOAL, command, write)));
  }
}
