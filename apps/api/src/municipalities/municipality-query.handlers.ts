import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import { MunicipalityQueries } from '#projections';
import { oneView, pageOfViews } from '../queries/view-answers.js';
import { GetMunicipalityQuery, ListMunicipalitiesQuery } from './municipality.queries.js';

@QueryHandler(GetMunicipalityQuery)
export class GetMunicipalityHandler implements IQueryHandler<GetMunicipalityQuery> {
  constructor(private readonly municipalities: MunicipalityQueries) {}

  execute({ municipalityId, view }: GetMunicipalityQuery) {
    const notFound = () =>
      new DomainError('municipality-not-found', `Municipality ${municipalityId} does not exist as of ${view.asOf}, as known at ${view.knownAt}`, { municipalityId });
    return oneView(this.municipalities, municipalityId, view, notFound);
  }
}

@QueryHandler(ListMunicipalitiesQuery)
export class ListMunicipalitiesHandler implements IQueryHandler<ListMunicipalitiesQuery> {
  constructor(private readonly municipalities: MunicipalityQueries) {}

  execute({ filter, sort, after, limit, view }: ListMunicipalitiesQuery) {
    return pageOfViews(this.municipalities, this.municipalities.page(filter, { column: sort.field, descending: sort.descending }, after, limit, view), view);
  }
}
