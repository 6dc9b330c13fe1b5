import type { Kysely } from 'kysely';
import { StreamQueries } from '../streams/stream-queries.js';
import { programmesReadModel, type ProgrammeSnapshot } from './programmes.read-model.js';

export const PROGRAMME_SORTS = ['id', 'name'] as const;
export type ProgrammeSortField = (typeof PROGRAMME_SORTS)[number];

/** Programmes at a point of view: one, or a page. */
export class ProgrammeQueries extends StreamQueries<ProgrammeSnapshot> {
  constructor(db: Kysely<unknown>) {
    super(db, programmesReadModel);
  }
}
