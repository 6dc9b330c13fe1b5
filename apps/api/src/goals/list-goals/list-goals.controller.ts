import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../http/api-docs.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { GoalPageDto } from '../goal.dto.js';
import { ListGoalsDto } from './list-goals.dto.js';
import { ListGoalsQuery } from './list-goals.query.js';

@ApiTags('goals')
@Controller('v1/goals')
export class ListGoalsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List goals', description: 'Goals in id order, filtered by any combination of the parameters.' })
  @ApiOkResponse({ type: GoalPageDto })
  @ApiProblems('validation-failed', 'service-unavailable')
  async list(@Query() { cursor, limit, ...filter }: ListGoalsDto): Promise<GoalPageDto> {
    const page = await this.queries.execute(new ListGoalsQuery(filter, decodeCursor(cursor), limit ?? 50));
    return { items: page.items, nextCursor: page.lastKey === undefined ? null : encodeCursor(page.lastKey) };
  }
}
