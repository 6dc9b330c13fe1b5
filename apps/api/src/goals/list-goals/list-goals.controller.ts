import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../http/api-docs.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { readAtLeast } from '../../projections/min-position.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { GoalPageDto } from '../goal.dto.js';
import { ListGoalsDto } from './list-goals.dto.js';
import { ListGoalsQuery } from './list-goals.query.js';

@ApiTags('goals')
@Controller('v1/goals')
export class ListGoalsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List goals', description: 'Goals in id order, filtered by any combination of the parameters.' })
  @ApiOkResponse({ type: GoalPageDto })
  @ApiProblems('validation-failed', 'service-unavailable')
  async list(@Query() { cursor, limit, minPosition, ...filter }: ListGoalsDto, @Res({ passthrough: true }) response: Response): Promise<GoalPageDto> {
    await readAtLeast(this.projections, 'goal-details', minPosition, response);
    const page = await this.queries.execute(new ListGoalsQuery(filter, decodeCursor(cursor), limit ?? 50));
    return { items: page.items, nextCursor: page.lastKey === undefined ? null : encodeCursor(page.lastKey) };
  }
}
