import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExecuteCommand } from '../../commands/execute-command.js';
import { ApiIfMatchHeader, ApiProblems, ApiWriteHeaders, WRITE_RESPONSE_HEADERS } from '../../http/api-docs.js';
import { CORRECTION_DESCRIPTION, CORRECTION_PROBLEMS, CorrectEventDto, toCorrection } from '../../corrections/correct-event.dto.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { writeResponse } from '../../http/write-response.js';
import { GOAL } from '../goal.aggregate.js';
import { WriteResultDto } from '../goal.dto.js';
import { Allow, GOAL_WRITERS } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...GOAL_WRITERS)
@Controller('v1/goals')
export class CorrectGoalEventController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Correct a recorded goal event',
    description: CORRECTION_DESCRIPTION,
  })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiWriteHeaders()
  @ApiIfMatchHeader()
  @ApiBody({ type: CorrectEventDto })
  @ApiOkResponse({ type: WriteResultDto, description: 'Corrected', headers: WRITE_RESPONSE_HEADERS })
  @ApiProblems(...CORRECTION_PROBLEMS)
  async correct(
    @ValidRequest({ goalId: true, body: CorrectEventDto, write: true }) { goalId, body, write }: RequestInput<CorrectEventDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResultDto> {
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(GOAL, toCorrection(goalId, body), write)));
  }
}
