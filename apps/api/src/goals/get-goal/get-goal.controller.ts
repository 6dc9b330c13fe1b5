import { Controller, Get, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../http/api-docs.js';
import { etagOf } from '../../http/etag.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { MIN_POSITION_DESCRIPTION, readAtLeast } from '../../projections/min-position.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { GoalDto } from '../goal.dto.js';
import { GetGoalDto } from './get-goal.dto.js';
import { GetGoalQuery } from './get-goal.query.js';

@ApiTags('goals')
@Controller('v1/goals')
export class GetGoalController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Get a goal as it stands now' })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiQuery({ name: 'minPosition', required: false, example: 42, description: MIN_POSITION_DESCRIPTION })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier read; 304 when unchanged' })
  @ApiOkResponse({ type: GoalDto, headers: { ETag: { description: 'The goal\'s revision', schema: { type: 'string' } } } })
  @ApiNotModifiedResponse({ description: 'The goal is still at the revision given in If-None-Match' })
  @ApiProblems('validation-failed', 'goal-not-found', 'service-unavailable')
  async get(
    @ValidRequest({ goalId: true, query: GetGoalDto }) { goalId, query }: RequestInput<never, GetGoalDto>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GoalDto | undefined> {
    await readAtLeast(this.projections, 'goal-details', query.minPosition, response);
    const goal = await this.queries.execute(new GetGoalQuery(goalId));
    const etag = etagOf(goal.revision);
    response.setHeader('ETag', etag);
    if (request.header('if-none-match')?.split(',').some((tag) => tag.trim() === etag)) {
      response.status(304);
      return undefined;
    }
    return goal;
  }
}
