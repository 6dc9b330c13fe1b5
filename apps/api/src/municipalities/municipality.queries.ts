import { Query } from '@nestjs/cqrs';
import type { FlatView, KeysetCursor, MunicipalityFilter, MunicipalitySnapshot, MunicipalitySortField, PointOfView } from '#projections';
import type { SortOrder } from '../http/list-params.js';
import type { PageAnswer, ViewAnswer } from '../queries/view-answers.js';

export type MunicipalityView = FlatView<MunicipalitySnapshot>;

export class GetMunicipalityQuery extends Query<ViewAnswer<MunicipalityView>> {
  constructor(
    readonly municipalityId: string,
    readonly view: PointOfView,
  ) {
    super();
  }
}

export class ListMunicipalitiesQuery extends Query<PageAnswer<MunicipalityView>> {
  constructor(
    readonly filter: MunicipalityFilter,
    readonly sort: SortOrder<MunicipalitySortField>,
    readonly after: KeysetCursor | undefined,
    readonly limit: number,
    readonly view: PointOfView,
  ) {
    super();
  }
}
