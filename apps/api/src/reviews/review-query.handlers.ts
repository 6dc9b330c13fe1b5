import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import { MunicipalityQueries, ReviewQueries } from '#projections';
import { oneView, pageOfViews } from '../queries/view-answers.js';
import { GetReviewQuery, ListReviewsQuery } from './review.queries.js';

@QueryHandler(GetReviewQuery)
export class GetReviewHandler implements IQueryHandler<GetReviewQuery> {
  constructor(private readonly reviews: ReviewQueries) {}

  execute({ reviewId, view }: GetReviewQuery) {
    const notFound = () => new DomainError('review-not-found', `Review ${reviewId} was not held as of ${view.asOf}, as known at ${view.knownAt}`, { reviewId });
    return oneView(this.reviews, reviewId, view, notFound);
  }
}

@QueryHandler(ListReviewsQuery)
export class ListReviewsHandler implements IQueryHandler<ListReviewsQuery> {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly municipalities: MunicipalityQueries,
  ) {}

  async execute({ municipalityId, filter, sort, after, limit, view }: ListReviewsQuery) {
    const [municipality, page] = await Promise.all([
      this.municipalities.get(municipalityId, view),
      pageOfViews(this.reviews, this.reviews.page({ ...filter, municipalityId: [municipalityId] }, sort, after, limit, view), view),
    ]);
    if (!municipality) {
      throw new DomainError('municipality-not-found', `Municipality ${municipalityId} does not exist as of ${view.asOf}, as known at ${view.knownAt}`, { municipalityId });
    }
    return page;
  }
}
