import type { GoalHistoryEntry, GoalView, ReviewSnapshot, StreamView } from '#projections';
import type { CsvColumn } from '../http/csv-response.js';

/** One row per goal, a column per field; lists (social spaces) are joined with `|`. */
export const GOAL_COLUMNS: readonly CsvColumn<GoalView>[] = [
  { header: 'id', value: (g) => g.id },
  { header: 'programmeId', value: (g) => g.programmeId },
  { header: 'municipalityId', value: (g) => g.municipalityId },
  { header: 'phaseId', value: (g) => g.phaseId },
  { header: 'themeArea', value: (g) => g.themeArea },
  { header: 'parentGoalId', value: (g) => g.parentGoalId },
  { header: 'title', value: (g) => g.title },
  { header: 'description', value: (g) => g.description },
  { header: 'targetDate', value: (g) => g.targetDate },
  { header: 'source', value: (g) => g.source },
  { header: 'socialSpaceIds', value: (g) => g.socialSpaceIds.join('|') },
  { header: 'status', value: (g) => g.status },
  { header: 'formulatedAt', value: (g) => g.formulatedAt },
  { header: 'latestOccurredAt', value: (g) => g.latestOccurredAt },
  { header: 'updatedAt', value: (g) => g.updatedAt },
  { header: 'revision', value: (g) => g.revision },
  { header: 'position', value: (g) => g.position },
];

/** A history entry with the goal it belongs to. */
export interface GoalHistoryRow extends GoalHistoryEntry {
  readonly goalId: string;
}

/** One row per recorded event of a goal; what it changed as JSON (`[{"field","from","to"}]`), which every statistics tool parses. */
export const GOAL_HISTORY_COLUMNS: readonly CsvColumn<GoalHistoryRow>[] = [
  { header: 'goalId', value: (e) => e.goalId },
  { header: 'revision', value: (e) => e.revision },
  { header: 'position', value: (e) => e.position },
  { header: 'type', value: (e) => e.type },
  { header: 'occurredAt', value: (e) => e.occurredAt },
  { header: 'effectiveOccurredAt', value: (e) => e.effectiveOccurredAt },
  { header: 'recordedAt', value: (e) => e.recordedAt },
  { header: 'actor', value: (e) => e.actor },
  { header: 'reason', value: (e) => e.reason },
  { header: 'effectiveReason', value: (e) => e.effectiveReason },
  { header: 'changes', value: (e) => JSON.stringify(e.changes) },
  { header: 'correctedByRevision', value: (e) => e.correctedBy?.revision },
  { header: 'corrects', value: (e) => e.corrects },
  { header: 'correlationId', value: (e) => e.correlationId },
  { header: 'causationId', value: (e) => e.causationId },
  { header: 'eventId', value: (e) => e.eventId },
];

/** One assessment of a review, with the review it was made in; a review without assessments is one row of its own. */
export interface AssessmentRow {
  readonly review: StreamView<ReviewSnapshot>;
  readonly assessment: ReviewSnapshot['assessments'][number] | undefined;
}

export const REVIEW_COLUMNS: readonly CsvColumn<AssessmentRow>[] = [
  { header: 'reviewId', value: (r) => r.review.id },
  { header: 'municipalityId', value: (r) => r.review.snapshot.municipalityId },
  { header: 'quarter', value: (r) => r.review.snapshot.quarter },
  { header: 'heldOn', value: (r) => r.review.snapshot.heldOn },
  { header: 'participants', value: (r) => r.review.snapshot.participants.join('|') },
  { header: 'summary', value: (r) => r.review.snapshot.summary },
  { header: 'goalId', value: (r) => r.assessment?.goalId },
  { header: 'progress', value: (r) => r.assessment?.progress },
  { header: 'note', value: (r) => r.assessment?.note },
  { header: 'proposedStatus', value: (r) => r.assessment?.proposedStatus },
  { header: 'proposalDeclined', value: (r) => (r.assessment ? String(r.review.snapshot.declinedProposals.includes(r.assessment.goalId)) : undefined) },
  { header: 'revision', value: (r) => r.review.revision },
  { header: 'updatedAt', value: (r) => r.review.updatedAt },
];
