import type { GoalStatus } from '#domain';
import type { ProjectionStore } from '../projection-store.port.js';
import { goalDetailsProjection, type GoalDetails } from './goal-details.projection.js';

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

/** The questions the goal-details read model answers. */
export class GoalDetailsQueries {
  constructor(private readonly store: ProjectionStore) {}

  async get(goalId: string): Promise<GoalDetails | undefined> {
    return (await this.store.get(goalDetailsProjection.name, goalId)) as GoalDetails | undefined;
  }

  /** Goals in id order, filtered by equality; keyset-paginated after `afterKey`. */
  async list(filter: GoalFilter, afterKey: string | undefined, limit: number): Promise<GoalPage> {
    const where = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Record<string, string>;
    // One extra row tells whether another page follows, without a count query.
    const rows = await this.store.find(goalDetailsProjection.name, { where, afterKey, limit: limit + 1 });
    const items = rows.slice(0, limit).map((row) => row.document as GoalDetails);
    return { items, lastKey: rows.length > limit ? rows[limit - 1].key : undefined };
  }
}
