import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import { ProgrammeQueries } from '#projections';
import { oneView, pageOfViews } from '../queries/view-answers.js';
import { GetProgrammeQuery, ListProgrammesQuery } from './programme.queries.js';

@QueryHandler(GetProgrammeQuery)
export class GetProgrammeHandler implements IQueryHandler<GetProgrammeQuery> {
  constructor(private readonly programmes: ProgrammeQueries) {}

  execute({ programmeId, view }: GetProgrammeQuery) {
    const notFound = () => new DomainError('programme-not-found', `Programme ${programmeId} does not exist as of ${view.asOf}, as known at ${view.knownAt}`, { programmeId });
    return oneView(this.programmes, programmeId, view, notFound);
  }
}

@QueryHandler(ListProgrammesQuery)
export class ListProgrammesHandler implements IQueryHandler<ListProgrammesQuery> {
  constructor(private readonly programmes: ProgrammeQueries) {}

  execute({ sort, after, limit, view }: ListProgrammesQuery) {
    return pageOfViews(this.programmes, this.programmes.list({}, { column: sort.field, descending: sort.descending }, after, limit, view), view);
  }
}
