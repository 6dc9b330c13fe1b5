import { Controller, Get, Inject, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../http/api-docs.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../http/cursor.js';
import { pointOfView, setLogPosition } from '../../http/point-of-view.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { MIN_POSITION_DESCRIPTION, MIN_POSITION_EXAMPLE, readAtLeast } from '../../projections/min-position.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { CLOCK, type Clock } from '../../storage/storage.module.js';
import { GoalHistoryPageDto, LOG_POSITION_HEADER } from '../goal.dto.js';
import { GetGoalHistoryDto } from './get-goal-history.dto.js';
import { GetGoalHistoryQuery } from './get-goal-history.query.js';
import { Allow, EVERY_ROLE } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...EVERY_ROLE)
@Controller('v1/goals')
export class GetGoalHistoryController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/history')
  @ApiOperation({
    summary: "A goal's full history",
    description:
      'Every event of the goal recorded by `knownAt`, in recording order, up to `asOf` in world time: type, revision, position, ' +
      'both times, actor, reason, what it changed in the corrected history, and the correction that superseded or retracted it. ' +
      'Beside them (on every page, not paged), the goal\'s assessments in the quarterly reviews held by `asOf`, as known at `knownAt`, by quarter.',
  })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1 to 500 (default 100)', example: 50 })
  @ApiQuery({ name: 'cursor', required: false, description: 'The nextCursor of the previous page' })
  @ApiQuery({ name: 'minPosition', required: false, example: MIN_POSITION_EXAMPLE, description: MIN_POSITION_DESCRIPTION })
  @ApiQuery({ name: 'asOf', required: false, example: '2015-09-30', description: 'World time (default now)' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'System time (default now), e.g. 2016-01-31T12:00:00Z' })
  @ApiOkResponse({ type: GoalHistoryPageDto, headers: LOG_POSITION_HEADER })
  @ApiProblems('validation-failed', 'goal-not-found', 'service-unavailable')
  async history(
    @ValidRequest({ goalId: true, query: GetGoalHistoryDto }) { goalId, query }: RequestInput<never, GetGoalHistoryDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GoalHistoryPageDto> {
    for (const readModel of ['goals', 'reviews']) await readAtLeast(this.projections, readModel, query, response);
    const view = pointOfView(query, this.clock());
    const page = await this.queries.execute(new GetGoalHistoryQuery(goalId, afterRevision(query.cursor, goalId), query.limit ?? 100, view));
    setLogPosition(response, page.logPosition);
    return {
      goalId,
      items: page.items,
      assessments: page.assessments,
      nextCursor: page.lastRevision === undefined ? null : encodeCursor(historyScope(goalId), String(page.lastRevision)),
      asOf: view.asOf,
      knownAt: view.knownAt,
      logPosition: page.logPosition,
    };
  }
}

const historyScope = (goalId: string) => `history:${goalId}`;

function afterRevision(cursor: string | undefined, goalId: string): number {
  const decoded = decodeCursor(cursor, historyScope(goalId));
  if (decoded === undefined) return -1;
  if (/^\d{1,15}$/.test(decoded)) return Number(decoded);
  throw invalidCursor();
}
