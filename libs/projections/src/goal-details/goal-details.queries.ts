import type { Kysely } from 'kysely';
import type { GoalStatus } from '#domain';
import type { GoalDetails } from './goal-details.fold.js';
import { toGoalDetails, type GoalDetailsTables } from './goal-details.read-model.js';

export interface GoalFilter {
  readonly municipalityId?: string;
  readonly phaseId?: string;
  readonly status?: GoalStatus;
  readonly themeArea?: string;
}

export interface GoalPage {
  readonly items: GoalDetails[];
  /** Key of the last item when more may follow, else undefined. */
  readonly lastKey: string | undefined;
}

/** The questions the goal-details read model answers; they read the live generation through its views. */
export class GoalDetailsQueries {
  constructor(private readonly db: Kysely<GoalDetailsTables>) {}

  async get(goalId: string): Promise<GoalDetails | undefined> {
    const row = await this.db.selectFrom('goals').selectAll().where('id', '=', goalId).executeTakeFirst();
    return row && toGoalDetails(row);
  }

  /** Goals in id order, filtered by equality; keyset-paginated after `afterKey`. */
  async list(filter: GoalFilter, afterKey: string | undefined, limit: number): Promise<GoalPage> {
    // One extra row tells whether another page follows, without a count query.
    const rows = await this.listQuery(filter, afterKey, limit + 1).execute();
    const items = rows.slice(0, limit).map(toGoalDetails);
    return { items, lastKey: rows.length > limit ? items[limit - 1].id : undefined };
  }

  /** The query behind `list`, for its plan to be checked (each filter has an index that also gives the order). */
  listQuery(filter: GoalFilter, afterKey: string | undefined, limit: number) {
    let query = this.db.selectFrom('goals').selectAll();
    if (filter.municipalityId !== undefined) query = query.where('municipality_id', '=', filter.municipalityId);
    if (filter.phaseId !== undefined) query = query.where('phase_id', '=', filter.phaseId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.themeArea !== undefined) query = query.where('theme_area', '=', filter.themeArea);
    if (afterKey !== undefined) query = query.where('id', '>', afterKey);
    return query.orderBy('id').limit(limit);
  }
}
