import { Controller, Inject, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ProgrammeSortField } from '#projections';
import { afterOf, listScope, DEFAULT_PAGE_SIZE, nextCursorOf, sortOf } from '../http/list-params.js';
import { PointOfViewDto, pointOfView } from '../http/point-of-view.js';
import { answeredFrom, ReadEndpoint } from '../http/read-endpoint.decorator.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { readAtLeast } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { ListProgrammesDto, ProgrammeDto, ProgrammePageDto } from './programme-views.dto.js';
import { GetProgrammeQuery, ListProgrammesQuery } from './programme.queries.js';
import { Allow, EVERY_ROLE } from '../access/access.decorator.js';

const READ_MODEL = 'programmes';
const TIME = 'as it stood at `asOf` (world time), as known at `knownAt` (system time); both default to now. See docs/time.md.';

@ApiTags('programmes')
@Allow(...EVERY_ROLE)
@Controller('v1/programmes')
export class ProgrammeReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ReadEndpoint({ path: '', summary: 'List programmes', description: `Programmes with their phases, ${TIME} Sorted, in cursor pages.`, response: ProgrammePageDto, query: ListProgrammesDto })
  async list(@ValidRequest({ query: ListProgrammesDto }) { query }: RequestInput<never, ListProgrammesDto>, @Res({ passthrough: true }) response: Response): Promise<ProgrammePageDto> {
    await readAtLeast(this.projections, READ_MODEL, query, response);
    const view = pointOfView(query, this.clock());
    const scope = listScope('programmes', query.sort);
    const page = await this.queries.execute(new ListProgrammesQuery(sortOf<ProgrammeSortField>(query.sort), afterOf(query.cursor, scope), query.limit ?? DEFAULT_PAGE_SIZE, view));
    return { items: page.items, nextCursor: nextCursorOf(page.next, scope), ...answeredFrom(response, view, page.logPosition) };
  }

  @ReadEndpoint({
    path: ':id',
    params: { id: 'kekiz' },
    summary: 'Get a programme with its phases',
    description: `The programme and the phases it had opened (and closed), ${TIME}`,
    response: ProgrammeDto,
    etag: true,
    problems: ['programme-not-found'],
    query: PointOfViewDto,
  })
  async get(@ValidRequest({ path: ['id'], query: PointOfViewDto }) { path, query }: RequestInput<never, PointOfViewDto>, @Res({ passthrough: true }) response: Response): Promise<ProgrammeDto> {
    await readAtLeast(this.projections, READ_MODEL, query, response);
    const view = pointOfView(query, this.clock());
    const { item, logPosition } = await this.queries.execute(new GetProgrammeQuery(path.id, view));
    return { ...item, ...answeredFrom(response, view, logPosition, item.revision) };
  }
}
