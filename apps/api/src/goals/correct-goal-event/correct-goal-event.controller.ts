import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExecuteCommand } from '../../commands/execute-command.js';
import { ApiIfMatchHeader, ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../../http/api-docs.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { normaliseWorldTime } from '../../http/validators.js';
import { writeResponse } from '../../http/write-response.js';
import { ProblemException } from '../../problems/problem.exception.js';
import { GOAL } from '../goal.aggregate.js';
import { WriteResultDto } from '../goal.dto.js';
import { CorrectGoalEventDto } from './correct-goal-event.dto.js';

@ApiTags('goals')
@Controller('v1/goals')
export class CorrectGoalEventController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Correct a recorded goal event',
    description:
      'Nothing is edited: a new event supersedes (EventSuperseded: changed data and/or world time) or retracts (EventRetracted) ' +
      'the event at `revision`. Views fold the corrected history from now on; asked `knownAt` an earlier instant they still ' +
      'show what was believed then. The corrected history must satisfy every rule, else 409 names the first event that breaks.',
  })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: CorrectGoalEventDto })
  @ApiOkResponse({ type: WriteResultDto, description: 'Corrected', headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(
    'validation-failed',
    'occurred-in-future',
    'event-not-found',
    'correction-target-invalid',
    'correction-invalid',
    'correction-changes-nothing',
    'backdated-conflict',
    'revision-conflict',
    'precondition-failed',
    'idempotency-key-reused',
    'service-unavailable',
  )
  async correct(
    @ValidRequest({ goalId: true, body: CorrectGoalEventDto, write: true }) { goalId, body, write }: RequestInput<CorrectGoalEventDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    if (body.retract && (body.changes !== undefined || body.occurredAt !== undefined)) {
      throw ProblemException.validation([{ location: 'body', field: 'retract', messages: ['a retraction takes neither changes nor occurredAt'] }]);
    }
    const data = {
      revision: body.revision,
      reason: body.reason,
      ...(body.retract ? { retract: true } : {}),
      ...(body.changes === undefined ? {} : { changes: body.changes }),
      ...(body.occurredAt === undefined ? {} : { occurredAt: normaliseWorldTime(body.occurredAt) }),
    };
    const command = { type: 'CorrectEvent', streamId: goalId, data } as const;
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(GOAL, command, write)));
  }
}
