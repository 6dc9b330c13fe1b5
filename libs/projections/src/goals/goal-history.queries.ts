import type { Kysely, Selectable } from 'kysely';
import { effectiveHistory, eventOf, evolveGoal, initialGoalState, isCorrection, type GoalEvent, type GoalState } from '#domain';
import { goalSnapshot } from './goal-snapshot.js';
import { groupedBy } from '../timeline/grouped-by.js';
import { factOfRow } from '../timeline/timeline-batch.js';
import type { GoalFactRow, GoalTables } from './goals.tables.js';
import type { PointOfView } from './goal-views.js';

export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** What corrected a recorded fact, as known at the view's `knownAt`. */
export interface Correction {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly reason: string;
}

/** One recorded event of a goal, as evaluators and auditors read it; the order of the fields is the JSON's. */
export interface GoalHistoryEntry {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  /** World time as recorded with the event. */
  readonly occurredAt: string;
  /** World time it counts at: the corrected one when a correction moved it. */
  readonly effectiveOccurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** The reason recorded with the event. */
  readonly reason: string | null;
  /** The reason it counts with: the corrected one when a correction replaced it (null once retracted). */
  readonly effectiveReason: string | null;
  /** What the fact changed, in the corrected history folded in world-time order (empty once retracted). */
  readonly changes: readonly FieldChange[];
  /** The correction that superseded or retracted this fact, if one was recorded by `knownAt`. */
  readonly correctedBy: Correction | null;
  /** For a correction: the revision it corrects. */
  readonly corrects: number | null;
}

/** Fields of a goal's snapshot that are facts of the goal; when it was formulated is told by the entry itself. */
const NOT_CHANGES = new Set(['formulatedAt']);

/**
 * A goal's history as known at `knownAt`, up to `asOf`: its recorded events in recording order, each with
 * both times, what it changed in the corrected history, and what corrected it. Computed from the goal's
 * own rows (one per event), so its cost is that of the goal's length, not the log's.
 */
export class GoalHistoryQueries {
  constructor(private readonly db: Kysely<GoalTables>) {}

  /** Undefined when no event of the goal was recorded by `knownAt`. */
  async entries(goalId: string, view: PointOfView): Promise<GoalHistoryEntry[] | undefined> {
    const rows = await this.db.selectFrom('goal_facts').selectAll().where('goal_id', '=', goalId).where('recorded_at', '<=', view.knownAt).orderBy('revision').execute();
    return rows.length === 0 ? undefined : entriesOf(rows, view);
  }

  /** The histories of several goals, read in one query per 500 goals; a goal with none recorded by `knownAt` is left out. */
  async entriesOfEach(goalIds: readonly string[], view: PointOfView): Promise<Map<string, GoalHistoryEntry[]>> {
    const histories = new Map<string, GoalHistoryEntry[]>();
    for (let start = 0; start < goalIds.length; start += 500) {
      const ids = goalIds.slice(start, start + 500);
      const rows = await this.db.selectFrom('goal_facts').selectAll().where('goal_id', 'in', ids).where('recorded_at', '<=', view.knownAt).orderBy('goal_id').orderBy('revision').execute();
      for (const [goalId, own] of groupedBy(rows, (row) => row.goal_id)) histories.set(goalId, entriesOf(own, view));
    }
    return histories;
  }
}

/** A goal's history from its fact rows recorded by `knownAt`, in revision order. */
function entriesOf(rows: readonly Selectable<GoalFactRow>[], view: PointOfView): GoalHistoryEntry[] {
  const recorded = rows.map(factOfRow);
  const history = effectiveHistory(recorded);
  const effective = new Map(history.map((fact) => [fact.revision, fact]));
  const changes = changesAlong(history, view.asOf);
  const corrections = new Map<number, Selectable<GoalFactRow>>();
  for (const row of rows) if (isCorrection(row.type)) corrections.set(targetOf(row), row);
  const shown = (revision: number, occurredAt: string) => (effective.get(revision)?.occurredAt ?? occurredAt) <= view.asOf;
  return rows
    .filter((row) => (isCorrection(row.type) ? shown(targetOf(row), rows[targetOf(row)]?.occurred_at ?? '') : shown(row.revision, row.occurred_at)))
    .map((row) => {
      const correction = corrections.get(row.revision);
      return {
        eventId: row.event_id,
        type: row.type,
        revision: row.revision,
        position: Number(row.position),
        occurredAt: row.occurred_at,
        effectiveOccurredAt: effective.get(row.revision)?.occurredAt ?? row.occurred_at,
        recordedAt: row.recorded_at,
        actor: row.actor,
        correlationId: row.correlation_id,
        causationId: row.causation_id,
        reason: reasonOf(row),
        effectiveReason: isCorrection(row.type) ? reasonOf(row) : reasonIn(effective.get(row.revision)?.data),
        changes: changes.get(row.revision) ?? [],
        correctedBy: correction ? { revision: correction.revision, type: correction.type, recordedAt: correction.recorded_at, reason: reasonOf(correction) ?? '' } : null,
        corrects: isCorrection(row.type) ? targetOf(row) : null,
      };
    });
}

/** Folds the corrected history in world-time order up to `asOf`; per revision, the fields its fact changed. */
function changesAlong(history: ReturnType<typeof effectiveHistory>, asOf: string): Map<number, FieldChange[]> {
  const changes = new Map<number, FieldChange[]>();
  const formulatedAt = history[0]?.occurredAt ?? '';
  let state: GoalState = initialGoalState;
  for (const fact of history) {
    if (fact.occurredAt > asOf) break;
    const before = goalSnapshot(state, formulatedAt) ?? {};
    state = evolveGoal(state, eventOf<GoalEvent>(fact));
    const after = (goalSnapshot(state, formulatedAt) ?? {}) as Record<string, unknown>;
    const previous = before as Record<string, unknown>;
    changes.set(
      fact.revision,
      Object.keys(after)
        .filter((field) => !NOT_CHANGES.has(field) && JSON.stringify(previous[field] ?? null) !== JSON.stringify(after[field] ?? null))
        .map((field) => ({ field, from: previous[field] ?? null, to: after[field] ?? null })),
    );
  }
  return changes;
}

const targetOf = (row: Selectable<GoalFactRow>): number => (JSON.parse(row.data) as { revision: number }).revision;

const reasonOf = (row: Selectable<GoalFactRow>): string | null => reasonIn(JSON.parse(row.data) as Record<string, unknown>);

function reasonIn(data: Record<string, unknown> | undefined): string | null {
  return typeof data?.reason === 'string' ? data.reason : null;
}
