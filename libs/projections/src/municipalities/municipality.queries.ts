import type { Kysely } from 'kysely';
import type { MunicipalityKind } from '#domain';
import { StreamQueries, type StreamPage, type StreamSort } from '../streams/stream-queries.js';
import type { KeysetCursor, PointOfView } from '../timeline/point-of-view.js';
import { ENROLLED_PHASE, ENROLLED_PHASE_ID, ENROLLED_PROGRAMME, municipalitiesReadModel, phaseKey, type MunicipalitySnapshot } from './municipalities.read-model.js';

export interface MunicipalityFilter {
  readonly kind?: readonly MunicipalityKind[];
  readonly parentId?: readonly string[];
  /** Enrolled in any of these programmes (and, with `phaseId`, in any of those phases of them). */
  readonly programmeId?: readonly string[];
  readonly phaseId?: readonly string[];
}

export const MUNICIPALITY_SORTS = ['id', 'name', 'kind'] as const;
export type MunicipalitySortField = (typeof MUNICIPALITY_SORTS)[number];

/** Municipalities at a point of view: one, or a filtered page. */
export class MunicipalityQueries extends StreamQueries<MunicipalitySnapshot> {
  constructor(db: Kysely<unknown>) {
    super(db, municipalitiesReadModel);
  }

  page(filter: MunicipalityFilter, sort: StreamSort, after: KeysetCursor | undefined, limit: number, view: PointOfView): Promise<StreamPage<MunicipalitySnapshot>> {
    const { programmeId = [], phaseId = [] } = filter;
    const phases = programmeId.length > 0 && phaseId.length > 0 ? { [ENROLLED_PHASE]: programmeId.flatMap((p) => phaseId.map((ph) => phaseKey(p, ph))) } : { [ENROLLED_PHASE_ID]: phaseId };
    const keys = { [ENROLLED_PROGRAMME]: programmeId, ...phases };
    return this.list({ columns: { kind: filter.kind, parent_id: filter.parentId }, keys }, sort, after, limit, view);
  }
}
