import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../http/api-docs.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../http/cursor.js';
import { ValidRequest, type RequestInput } from '../../http/request-input.decorator.js';
import { MIN_POSITION_DESCRIPTION, readAtLeast } from '../../projections/min-position.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { GoalHistoryPageDto } from '../goal.dto.js';
import { GetGoalHistoryDto } from './get-goal-history.dto.js';
import { GetGoalHistoryQuery } from './get-goal-history.query.js';

@ApiTags('goals')
@Controller('v1/goals')
export class GetGoalHistoryController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Get(':id/history')
  @ApiOperation({
    summary: "A goal's full history",
    description:
      'Every event of the goal in order: type, revision, position, world and system time, actor, reason, and what changed from what to what.',
  })
  @ApiParam({ name: 'id', example: 'warendorf-netzwerk-muessingen' })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1 to 500 (default 100)', example: 50 })
  @ApiQuery({ name: 'cursor', required: false, description: 'The nextCursor of the previous page' })
  @ApiQuery({ name: 'minPosition', required: false, example: 42, description: MIN_POSITION_DESCRIPTION })
  @ApiOkResponse({ type: GoalHistoryPageDto })
  @ApiProblems('validation-failed', 'goal-not-found', 'service-unavailable')
  async history(
    @ValidRequest({ goalId: true, query: GetGoalHistoryDto }) { goalId, query }: RequestInput<never, GetGoalHistoryDto>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GoalHistoryPageDto> {
    await readAtLeast(this.projections, 'goal-history', query.minPosition, response);
    const page = await this.queries.execute(new GetGoalHistoryQuery(goalId, afterRevision(query.cursor), query.limit ?? 100));
    return {
      goalId: page.goalId,
      items: page.items,
      nextCursor: page.lastRevision === undefined ? null : encodeCursor(String(page.lastRevision)),
    };
  }
}

function afterRevision(cursor: string | undefined): number {
  const decoded = decodeCursor(cursor);
  if (decoded === undefined) return -1;
  if (/^\d{1,15}$/.test(decoded)) return Number(decoded);
  throw invalidCursor();
}
