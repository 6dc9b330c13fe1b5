import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../../http/api-docs.js';
import { normaliseWorldTime } from '../../http/validators.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { writeResponse } from '../../http/write-response.js';
import { ExecuteCommand } from '../../commands/execute-command.js';
import { GOAL } from '../goal.aggregate.js';
import { WriteResultDto } from '../goal.dto.js';
import { FormulateGoalDto } from './formulate-goal.dto.js';
import { Allow, GOAL_WRITERS } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...GOAL_WRITERS)
@Controller('v1/goals')
export class FormulateGoalController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Formulate a goal',
    description:
      'Records GoalFormulated; the goal starts as `agreed`. On occurredAt the programme must have the phase open, the municipality must be enrolled in it ' +
      'and have the theme area, the social spaces must be its own and not retired, and a parent goal must be of the same municipality and phase ' +
      '(422 goal-references-invalid names each field that does not fit).',
  })
  @ApiWriteHeaders()
  @ApiBody({ type: FormulateGoalDto })
  @ApiCreatedResponse({
    type: WriteResultDto,
    description: 'Formulated',
    headers: { Location: { description: 'URL of the new goal', schema: { type: 'string' } }, ...WRITE_RESPONSE_HEADERS },
  })
  @ApiProblems('validation-failed', 'malformed-json', 'occurred-in-future', 'goal-already-exists', 'goal-references-invalid', 'idempotency-key-reused', 'unsupported-media-type', 'service-unavailable')
  async formulate(
    @ValidRequest({ body: FormulateGoalDto, write: true }) { body, write }: RequestInput<FormulateGoalDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    const definition = {
      goalId: body.id ?? uuidv7(),
      programmeId: body.programmeId,
      municipalityId: body.municipalityId,
      phaseId: body.phaseId,
      themeArea: body.themeArea,
      title: body.title,
      description: body.description ?? '',
      targetDate: body.targetDate ?? null,
      source: body.source ?? null,
      socialSpaceIds: body.socialSpaceIds ?? [],
      parentGoalId: body.parentGoalId ?? null,
    };
    const command = { type: 'FormulateGoal', data: definition, occurredAt: normaliseWorldTime(body.occurredAt) } as const;
    const result = await this.commands.execute(ExecuteCommand.of(GOAL, command, write));
    return writeResponse(response, result, `/v1/goals/${encodeURIComponent(result.streamId)}`);
  }
}
