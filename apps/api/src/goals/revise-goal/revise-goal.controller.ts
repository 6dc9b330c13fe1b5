import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { GoalChanges } from '#domain';
import { ApiIfMatchHeader, ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../../http/api-docs.js';
import { normaliseWorldTime } from '../../http/validators.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { ProblemException } from '../../problems/problem.exception.js';
import { writeResponse } from '../../http/write-response.js';
import { ExecuteCommand } from '../../commands/execute-command.js';
import { GOAL } from '../goal.aggregate.js';
import { WriteResultDto } from '../goal.dto.js';
import { ReviseGoalDto } from './revise-goal.dto.js';
import { Allow, GOAL_WRITERS } from '../../access/access.decorator.js';

const REVISABLE = ['title', 'description', 'targetDate'] as const;

@ApiTags('goals')
@Allow(...GOAL_WRITERS)
@Controller('v1/goals')
export class ReviseGoalController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/revisions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revise a goal', description: 'Changes title, description or target date, with a reason (GoalRevised).' })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: ReviseGoalDto })
  @ApiOkResponse({ type: WriteResultDto, description: 'Revised', headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(
    'validation-failed',
    'occurred-in-future',
    'goal-not-found',
    'goal-discontinued',
    'revision-changes-nothing',
    'occurred-before-creation',
    'backdated-conflict',
    'revision-conflict',
    'precondition-failed',
    'idempotency-key-reused',
    'service-unavailable',
  )
  async revise(
    @ValidRequest({ goalId: true, body: ReviseGoalDto, write: true }) { goalId, body, write }: RequestInput<ReviseGoalDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const changes: GoalChanges = Object.fromEntries(REVISABLE.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
    if (Object.keys(changes).length === 0) {
      throw ProblemException.validation(
        REVISABLE.map((field) => ({ location: 'body', field, messages: ['one of title, description, targetDate is required'] })),
      );
    }
    const command = { type: 'ReviseGoal', data: { goalId, changes, reason: body.reason }, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(GOAL, command, write)));
  }
}
