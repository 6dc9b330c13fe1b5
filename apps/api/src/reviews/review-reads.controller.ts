import { Controller, Inject, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ReviewSortField } from '#projections';
import { afterOf, listScope, DEFAULT_PAGE_SIZE, nextCursorOf, sortOf } from '../http/list-params.js';
import { PointOfViewDto, pointOfView } from '../http/point-of-view.js';
import { answeredFrom, ReadEndpoint } from '../http/read-endpoint.decorator.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { readAtLeast } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { ListReviewsDto, ReviewDto, ReviewPageDto } from './review-views.dto.js';
import { GetReviewQuery, ListReviewsQuery } from './review.queries.js';
import { Allow, EVERY_ROLE } from '../access/access.decorator.js';

const TIME = 'as held by `asOf` (world time), as known at `knownAt` (system time), corrections recorded by then applied; both default to now. See docs/time.md.';

@ApiTags('reviews')
@Allow(...EVERY_ROLE)
@Controller('v1')
export class ReviewReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ReadEndpoint({
    path: 'municipalities/:id/reviews',
    params: { id: 'kreis-warendorf' },
    summary: "A municipality's quarterly reviews",
    description: `The reviews of the municipality with their assessments, ${TIME} Filtered by quarter or assessed goal, sorted, in cursor pages.`,
    response: ReviewPageDto,
    problems: ['municipality-not-found'],
    query: ListReviewsDto,
  })
  async list(@ValidRequest({ path: ['id'], query: ListReviewsDto }) { path, query }: RequestInput<never, ListReviewsDto>, @Res({ passthrough: true }) response: Response): Promise<ReviewPageDto> {
    const { cursor, limit, minPosition, sort, asOf, knownAt, ...filter } = query;
    for (const readModel of ['reviews', 'municipalities']) await readAtLeast(this.projections, readModel, { minPosition, knownAt }, response);
    const view = pointOfView({ asOf, knownAt }, this.clock());
    const scope = listScope(`reviews:${path.id}`, sort);
    const page = await this.queries.execute(new ListReviewsQuery(path.id, filter, sortOf<ReviewSortField>(sort), afterOf(cursor, scope), limit ?? DEFAULT_PAGE_SIZE, view));
    return { municipalityId: path.id, items: page.items, nextCursor: nextCursorOf(page.next, scope), ...answeredFrom(response, view, page.logPosition) };
  }

  @ReadEndpoint({
    path: 'reviews/:id',
    params: { id: 'kreis-warendorf-2013-Q2' },
    summary: 'Get a quarterly review',
    description: `The review with its participants, summary and assessments, ${TIME}`,
    response: ReviewDto,
    etag: true,
    problems: ['review-not-found'],
    query: PointOfViewDto,
  })
  async get(@ValidRequest({ path: ['id'], query: PointOfViewDto }) { path, query }: RequestInput<never, PointOfViewDto>, @Res({ passthrough: true }) response: Response): Promise<ReviewDto> {
    await readAtLeast(this.projections, 'reviews', query, response);
    const view = pointOfView(query, this.clock());
    const { item, logPosition } = await this.queries.execute(new GetReviewQuery(path.id, view));
    return { ...item, ...answeredFrom(response, view, logPosition, item.revision) };
  }
}
