import type { Kysely } from 'kysely';
import type { Assessment } from '#domain';
import { StreamQueries, type StreamPage, type StreamSort } from '../streams/stream-queries.js';
import type { KeysetCursor, PointOfView } from '../timeline/point-of-view.js';
import { ASSESSED_GOAL, reviewsReadModel, type ReviewSnapshot } from './reviews.read-model.js';

export interface ReviewFilter {
  readonly municipalityId?: readonly string[];
  readonly quarter?: readonly string[];
  /** Reviews that assessed any of these goals. */
  readonly goalId?: readonly string[];
}

export const REVIEW_SORTS = ['id', 'quarter', 'heldOn'] as const;
export type ReviewSortField = (typeof REVIEW_SORTS)[number];
const SORT_COLUMNS: Readonly<Record<ReviewSortField, string>> = { id: 'id', quarter: 'quarter', heldOn: 'held_on' };

/** One goal's assessment in a review, as the goal's history shows it beside its own events. */
export interface GoalAssessment extends Omit<Assessment, 'goalId'> {
  readonly reviewId: string;
  readonly quarter: string;
  readonly heldOn: string;
  /** System time of the review's latest event recorded by `knownAt`, and its log position. */
  readonly recordedAt: string;
  readonly position: number;
}

/** Quarterly reviews at a point of view: one, a filtered page, or the assessments of one goal. */
export class ReviewQueries extends StreamQueries<ReviewSnapshot> {
  constructor(db: Kysely<unknown>) {
    super(db, reviewsReadModel);
  }

  page(filter: ReviewFilter, sort: { field: ReviewSortField; descending: boolean }, after: KeysetCursor | undefined, limit: number, view: PointOfView): Promise<StreamPage<ReviewSnapshot>> {
    const order: StreamSort = { column: SORT_COLUMNS[sort.field], descending: sort.descending };
    return this.list({ columns: { municipality_id: filter.municipalityId, quarter: filter.quarter }, keys: { [ASSESSED_GOAL]: filter.goalId } }, order, after, limit, view);
  }

  /**
   * The goal's assessments in the reviews held by `asOf`, as known at `knownAt`, by quarter. The reviews
   * that ever assessed the goal are found by their keys first, so the cost is that of the goal's reviews.
   */
  async ofGoal(goalId: string, view: PointOfView): Promise<GoalAssessment[]> {
    const reviews = await this.many(await this.streamsWithKey(ASSESSED_GOAL, [goalId]), view);
    return reviews
      .sort((a, b) => a.snapshot.quarter.localeCompare(b.snapshot.quarter))
      .flatMap(({ id, snapshot, updatedAt, position }) =>
        snapshot.assessments
          .filter((assessment) => assessment.goalId === goalId)
          .map(({ progress, note, proposedStatus }) => ({ reviewId: id, quarter: snapshot.quarter, heldOn: snapshot.heldOn, progress, note, proposedStatus, recordedAt: updatedAt, position })),
      );
  }
}
