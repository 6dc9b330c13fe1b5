import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../http/api-docs.js';
import { etagOf } from '../../http/etag.js';
import { pointOfView, setLogPosition } from '../../http/point-of-view.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { readAtLeast } from '../../projections/min-position.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { CLOCK, type Clock } from '../../storage/storage.module.js';
import { GoalDto, LOG_POSITION_HEADER } from '../goal.dto.js';
import { GetGoalDto } from './get-goal.dto.js';
import { GetGoalQuery } from './get-goal.query.js';
import { Allow, EVERY_ROLE } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...EVERY_ROLE)
@Controller('v1/goals')
export class GetGoalController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Get a goal',
    description: 'The goal as it stood at `asOf` (world time), as known at `knownAt` (system time); both default to now. See docs/time.md.',
  })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiQuery({ type: GetGoalDto })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier read; 304 when unchanged' })
  @ApiOkResponse({ type: GoalDto, headers: { ETag: { description: "The goal's revision as known at knownAt", schema: { type: 'string' } }, ...LOG_POSITION_HEADER } })
  @ApiNotModifiedResponse({ description: 'The goal is still at the revision given in If-None-Match' })
  @ApiProblems('validation-failed', 'goal-not-found', 'service-unavailable')
  async get(
    @ValidRequest({ goalId: true, query: GetGoalDto }) { goalId, query }: RequestInput<never, GetGoalDto>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GoalDto | undefined> {
    await readAtLeast(this.projections, 'goals', query, response);
    const view = pointOfView(query, this.clock());
    const { goal, logPosition } = await this.queries.execute(new GetGoalQuery(goalId, view));
    const etag = etagOf(goal.revision);
    response.setHeader('ETag', etag);
    setLogPosition(response, logPosition);
    if (request.header('if-none-match')?.split(',').some((tag) => tag.trim() === etag)) {
      response.status(304);
      return undefined;
    }
    return { ...goal, asOf: view.asOf, knownAt: view.knownAt, logPosition };
  }
}
