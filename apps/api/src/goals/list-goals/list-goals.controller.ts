import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { GoalSortField } from '#projections';
import { ApiProblems } from '../../http/api-docs.js';
import { afterOf, listScope, DEFAULT_PAGE_SIZE, nextCursorOf, sortOf } from '../../http/list-params.js';
import { pointOfView, setLogPosition } from '../../http/point-of-view.js';
import { readAtLeast } from '../../projections/min-position.js';
import { ProjectionsService } from '../../projections/projections.service.js';
import { CLOCK, type Clock } from '../../storage/storage.module.js';
import { GoalPageDto, LOG_POSITION_HEADER } from '../goal.dto.js';
import { ListGoalsDto } from './list-goals.dto.js';
import { ListGoalsQuery } from './list-goals.query.js';
import { Allow, EVERY_ROLE } from '../../access/access.decorator.js';

@ApiTags('goals')
@Allow(...EVERY_ROLE)
@Controller('v1/goals')
export class ListGoalsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List goals',
    description:
      'Goals as they stood at `asOf`, as known at `knownAt` (both default to now), filtered by any combination of the parameters ' +
      '(several values of one parameter: any of them), sorted, in cursor pages.',
  })
  @ApiOkResponse({ type: GoalPageDto, headers: LOG_POSITION_HEADER })
  @ApiProblems('validation-failed', 'service-unavailable')
  async list(@Query() query: ListGoalsDto, @Res({ passthrough: true }) response: Response): Promise<GoalPageDto> {
    const { cursor, limit, minPosition, sort, asOf, knownAt, ...filter } = query;
    await readAtLeast(this.projections, 'goals', { minPosition, knownAt }, response);
    const view = pointOfView({ asOf, knownAt }, this.clock());
    const order = sortOf<GoalSortField>(sort);
    const scope = listScope('goals', sort);
    const page = await this.queries.execute(new ListGoalsQuery(filter, order, afterOf(cursor, scope), limit ?? DEFAULT_PAGE_SIZE, view));
    setLogPosition(response, page.logPosition);
    return {
      items: page.items,
      nextCursor: nextCursorOf(page.next, scope),
      asOf: view.asOf,
      knownAt: view.knownAt,
      logPosition: page.logPosition,
    };
  }
}
