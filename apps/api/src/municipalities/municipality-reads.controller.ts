import { Controller, Inject, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { MunicipalitySortField } from '#projections';
import { afterOf, listScope, DEFAULT_PAGE_SIZE, nextCursorOf, sortOf } from '../http/list-params.js';
import { PointOfViewDto, pointOfView } from '../http/point-of-view.js';
import { answeredFrom, ReadEndpoint } from '../http/read-endpoint.decorator.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { readAtLeast } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { ListMunicipalitiesDto, MunicipalityDto, MunicipalityPageDto } from './municipality-views.dto.js';
import { GetMunicipalityQuery, ListMunicipalitiesQuery } from './municipality.queries.js';
import { Allow, EVERY_ROLE } from '../access/access.decorator.js';

const READ_MODEL = 'municipalities';
const TIME = 'as it stood at `asOf` (world time), as known at `knownAt` (system time); both default to now. See docs/time.md.';

@ApiTags('municipalities')
@Allow(...EVERY_ROLE)
@Controller('v1/municipalities')
export class MunicipalityReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ReadEndpoint({
    path: '',
    summary: 'List municipalities',
    description: `Municipalities ${TIME} Filtered by any combination of the parameters (several values of one parameter: any of them), sorted, in cursor pages.`,
    response: MunicipalityPageDto,
    query: ListMunicipalitiesDto,
  })
  async list(@ValidRequest({ query: ListMunicipalitiesDto }) { query }: RequestInput<never, ListMunicipalitiesDto>, @Res({ passthrough: true }) response: Response): Promise<MunicipalityPageDto> {
    const { cursor, limit, minPosition, sort, asOf, knownAt, ...filter } = query;
    await readAtLeast(this.projections, READ_MODEL, { minPosition, knownAt }, response);
    const view = pointOfView({ asOf, knownAt }, this.clock());
    const scope = listScope('municipalities', sort);
    const page = await this.queries.execute(new ListMunicipalitiesQuery(filter, sortOf<MunicipalitySortField>(sort), afterOf(cursor, scope), limit ?? DEFAULT_PAGE_SIZE, view));
    return { items: page.items, nextCursor: nextCursorOf(page.next, scope), ...answeredFrom(response, view, page.logPosition) };
  }

  @ReadEndpoint({
    path: ':id',
    params: { id: 'kreis-warendorf' },
    summary: 'Get a municipality',
    description: `The municipality with its social spaces, enrolments and theme areas, ${TIME}`,
    response: MunicipalityDto,
    etag: true,
    problems: ['municipality-not-found'],
    query: PointOfViewDto,
  })
  async get(@ValidRequest({ path: ['id'], query: PointOfViewDto }) { path, query }: RequestInput<never, PointOfViewDto>, @Res({ passthrough: true }) response: Response): Promise<MunicipalityDto> {
    await readAtLeast(this.projections, READ_MODEL, query, response);
    const view = pointOfView(query, this.clock());
    const { item, logPosition } = await this.queries.execute(new GetMunicipalityQuery(path.id, view));
    return { ...item, ...answeredFrom(response, view, logPosition, item.revision) };
  }
}
