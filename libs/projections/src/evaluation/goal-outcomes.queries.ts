import type { Kysely } from 'kysely';
import type { GoalStatus } from '#domain';
import { GoalHistoryQueries } from '../goals/goal-history.queries.js';
import { goalVersionsAt } from '../goals/goal.queries.js';
import type { PointOfView } from '../goals/goal-views.js';
import type { GoalTables } from '../goals/goals.tables.js';
import type { EvaluatedGoal } from './phase-evaluation.js';

/** The goal side of an evaluation: which goals a phase held, where they went next, why some were given up. */
export class GoalOutcomeQueries {
  private readonly histories: GoalHistoryQueries;

  constructor(private readonly db: Kysely<GoalTables>) {
    this.histories = new GoalHistoryQueries(db);
  }

  /** The goals that belonged to the phase at the view, with their status then. */
  async inPhase(programmeId: string, phaseId: string, view: PointOfView): Promise<EvaluatedGoal[]> {
    const rows = await goalVersionsAt(this.db, view)
      .clearSelect()
      .select(['v.goal_id', 'v.municipality_id', 'v.theme_area', 'v.title', 'v.status'])
      .where('v.programme_id', '=', programmeId)
      .where('v.phase_id', '=', phaseId)
      .orderBy('v.goal_id')
      .execute();
    return rows.map((row) => ({ id: row.goal_id, municipalityId: row.municipality_id, themeArea: row.theme_area, title: row.title, status: row.status as GoalStatus }));
  }

  /**
   * Of the given goals, those that are in another phase as far as the log knew at `knownAt` (world time
   * `knownAt` too: a carry-over usually happens after the phase's end), with that phase.
   */
  async carriedOver(goalIds: readonly string[], phaseId: string, view: PointOfView): Promise<Map<string, string>> {
    const moved = new Map<string, string>();
    const latest: PointOfView = { asOf: view.knownAt, knownAt: view.knownAt, currentWorld: view.currentKnowledge, currentKnowledge: view.currentKnowledge };
    for (const ids of chunks(goalIds, 500)) {
      const rows = await goalVersionsAt(this.db, latest).clearSelect().select(['v.goal_id', 'v.phase_id']).where('v.goal_id', 'in', ids).where('v.phase_id', '!=', phaseId).execute();
      for (const row of rows) moved.set(row.goal_id, row.phase_id);
    }
    return moved;
  }

  /** For each given goal, the reason of the (corrected) status change that discontinued it by `asOf`. */
  async discontinuedReasons(goalIds: readonly string[], view: PointOfView): Promise<Map<string, string>> {
    const reasons = new Map<string, string>();
    for (const [goalId, entries] of await this.histories.entriesOfEach(goalIds, view)) {
      const stops = entries
        .filter((entry) => entry.changes.some((change) => change.field === 'status' && change.to === 'discontinued'))
        .sort((a, b) => a.effectiveOccurredAt.localeCompare(b.effectiveOccurredAt) || a.revision - b.revision);
      const last = stops.at(-1);
      if (last?.effectiveReason) reasons.set(goalId, last.effectiveReason);
    }
    return reasons;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
