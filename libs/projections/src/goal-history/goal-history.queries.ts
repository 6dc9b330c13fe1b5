import type { ProjectionStore } from '../projection-store.port.js';
import { goalHistoryProjection, type GoalHistory, type GoalHistoryEntry } from './goal-history.projection.js';

export interface GoalHistoryPage {
  readonly goalId: string;
  readonly items: readonly GoalHistoryEntry[];
  /** Revision of the last item when more entries follow, else undefined. */
  readonly lastRevision: number | undefined;
}

/** The questions the goal-history read model answers. */
export class GoalHistoryQueries {
  constructor(private readonly store: ProjectionStore) {}

  /** Entries in revision order after `afterRevision`; undefined when the goal does not exist. */
  async page(goalId: string, afterRevision: number, limit: number): Promise<GoalHistoryPage | undefined> {
    const history = (await this.store.get(goalHistoryProjection.name, goalId)) as GoalHistory | undefined;
    if (!history) return undefined;
    const following = history.entries.filter((entry) => entry.revision > afterRevision);
    const items = following.slice(0, limit);
    return { goalId, items, lastRevision: following.length > limit ? items[items.length - 1].revision : undefined };
  }
}
