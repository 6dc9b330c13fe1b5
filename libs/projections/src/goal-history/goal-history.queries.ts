import type { Kysely } from 'kysely';
import type { GoalHistoryEntry } from './goal-history.fold.js';
import { toHistoryEntry, type GoalHistoryTables } from './goal-history.read-model.js';

export interface GoalHistoryPage {
  readonly goalId: string;
  readonly items: readonly GoalHistoryEntry[];
  /** Revision of the last item when more entries follow, else undefined. */
  readonly lastRevision: number | undefined;
}

/** The questions the goal-history read model answers; they read the live generation through its views. */
export class GoalHistoryQueries {
  constructor(private readonly db: Kysely<GoalHistoryTables>) {}

  /** Entries in revision order after `afterRevision`; undefined when the goal does not exist. */
  async page(goalId: string, afterRevision: number, limit: number): Promise<GoalHistoryPage | undefined> {
    const rows = await this.db
      .selectFrom('goal_history')
      .selectAll()
      .where('goal_id', '=', goalId)
      .where('revision', '>', afterRevision)
      .orderBy('revision')
      .limit(limit + 1)
      .execute();
    if (rows.length === 0 && !(await this.exists(goalId))) return undefined;
    const items = rows.slice(0, limit).map(toHistoryEntry);
    return { goalId, items, lastRevision: rows.length > limit ? items[limit - 1].revision : undefined };
  }

  private async exists(goalId: string): Promise<boolean> {
    return (await this.db.selectFrom('goal_history_heads').select('goal_id').where('goal_id', '=', goalId).executeTakeFirst()) !== undefined;
  }
}
