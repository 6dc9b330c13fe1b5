import { Query } from '@nestjs/cqrs';
import type { FlatView, KeysetCursor, PointOfView, ReviewFilter, ReviewSnapshot, ReviewSortField } from '#projections';
import type { SortOrder } from '../http/list-params.js';
import type { PageAnswer, ViewAnswer } from '../queries/view-answers.js';

export type ReviewView = FlatView<ReviewSnapshot>;

export class GetReviewQuery extends Query<ViewAnswer<ReviewView>> {
  constructor(
    readonly reviewId: string,
    readonly view: PointOfView,
  ) {
    super();
  }
}

/** The reviews of one municipality; 404 when the municipality did not exist at the point of view. */
export class ListReviewsQuery extends Query<PageAnswer<ReviewView>> {
  constructor(
    readonly municipalityId: string,
    readonly filter: Omit<ReviewFilter, 'municipalityId'>,
    readonly sort: SortOrder<ReviewSortField>,
    readonly after: KeysetCursor | undefined,
    readonly limit: number,
    readonly view: PointOfView,
  ) {
    super();
  }
}
