import { Query } from '@nestjs/cqrs';
import type { FlatView, KeysetCursor, PointOfView, ProgrammeSnapshot, ProgrammeSortField } from '#projections';
import type { SortOrder } from '../http/list-params.js';
import type { PageAnswer, ViewAnswer } from '../queries/view-answers.js';

export type ProgrammeView = FlatView<ProgrammeSnapshot>;

export class GetProgrammeQuery extends Query<ViewAnswer<ProgrammeView>> {
  constructor(
    readonly programmeId: string,
    readonly view: PointOfView,
  ) {
    super();
  }
}

export class ListProgrammesQuery extends Query<PageAnswer<ProgrammeView>> {
  constructor(
    readonly sort: SortOrder<ProgrammeSortField>,
    readonly after: KeysetCursor | undefined,
    readonly limit: number,
    readonly view: PointOfView,
  ) {
    super();
  }
}
