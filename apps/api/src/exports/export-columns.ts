import type { GoalHistoryEntry, GoalView } from '#projections';
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
  { header: 'changes', value: (e) => JSON.stringify(e.changes) },
  { header: 'correctedByRevision', value: (e) => e.correctedBy?.revision },
  { header: 'corrects', value: (e) => e.corrects },
  { header: 'correlationId', value: (e) => e.correlationId },
  { header: 'causationId', value: (e) => e.causationId },
  { header: 'eventId', value: (e) => e.eventId },
];
