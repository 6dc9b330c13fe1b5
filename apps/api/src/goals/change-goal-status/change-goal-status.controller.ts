import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiIfMatchHeader, ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../../http/api-docs.js';
import { normaliseWorldTime } from '../../http/validators.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { writeResponse } from '../../http/write-response.js';
import { ExecuteCommand } from '../../commands/execute-command.js';
import { GOAL } from '../goal.aggregate.js';
import { WriteResultDto } from '../goal.dto.js';
import { ChangeGoalStatusDto } from './change-goal-status.dto.js';
import { Allow, GOAL_WRITERS } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...GOAL_WRITERS)
@Controller('v1/goals')
export class ChangeGoalStatusController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/status')
  @HttpCode(200)
  @ApiOperation({
    summary: "Change a goal's status",
    description:
      'Moves the goal along the status workflow, with a reason (GoalStatusChanged). Forbidden transitions give 409. ' +
      'A backdated change (occurredAt before later events) is decided as of its date and must keep every later change allowed.',
  })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: ChangeGoalStatusDto })
  @ApiOkResponse({ type: WriteResultDto, description: 'Status changed', headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(
    'validation-failed',
    'occurred-in-future',
    'goal-not-found',
    'status-transition-forbidden',
    'occurred-before-creation',
    'backdated-conflict',
    'revision-conflict',
    'precondition-failed',
    'idempotency-key-reused',
    'service-unavailable',
  )
  async changeStatus(
    @ValidRequest({ goalId: true, body: ChangeGoalStatusDto, write: true }) { goalId, body, write }: RequestInput<ChangeGoalStatusDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const command = { type: 'ChangeGoalStatus', data: { goalId, to: body.status, reason: body.reason }, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(GOAL, command, write)));
  }
}
