import type { Kysely, Selectable } from 'kysely';
import type { GoalStatus } from '#domain';
import { snapshotOf } from './goals.read-model.js';
import type { GoalTables, GoalVersionRow } from './goals.tables.js';
import { knownFacts, withKnownRevision, type FactTable, type KnownFact } from '../timeline/known-revision.js';
import { atPointOfView, keysetPage, lastPositionKnownAt } from '../timeline/point-of-view.js';
import { type GoalCursor, type GoalFilter, type GoalSort, type GoalView, type PointOfView } from './goal-views.js';

const SORT_COLUMNS = { id: 'v.goal_id', title: 'v.title', status: 'v.status', formulatedAt: 'v.formulated_at', latestOccurredAt: 'v.valid_from' } as const;

/**
 * The questions the goal views answer, each an indexed look-up on the bitemporal rows: a goal's version
 * valid at `asOf` and known at `knownAt`, with its stream's latest fact known at `knownAt`.
 */
export class GoalQueries {
  constructor(private readonly db: Kysely<GoalTables>) {}

  /** The log position a view known at `knownAt` reflects: the last goal fact recorded by then (0 when none). */
  logPosition(view: PointOfView): Promise<number> {
    return lastPositionKnownAt(this.db as Kysely<unknown>, 'goal_facts', view);
  }

  async get(goalId: string, view: PointOfView): Promise<GoalView | undefined> {
    const row = await this.versions(view).where('v.goal_id', '=', goalId).executeTakeFirst();
    return row && (await this.withBookkeeping([row]))[0];
  }

  /** One page of goals, keyset-paginated after `after` in `sort` order (then id); `limit + 1` rows tell whether more follow. */
  async list(filter: GoalFilter, sort: GoalSort, after: GoalCursor | undefined, limit: number, view: PointOfView): Promise<GoalView[]> {
    return this.withBookkeeping(await this.listQuery(filter, sort, after, limit, view).execute());
  }

  /** The query behind `list`, for its plan to be checked. */
  listQuery(filter: GoalFilter, sort: GoalSort, after: GoalCursor | undefined, limit: number, view: PointOfView) {
    let query = this.versions(view);
    const filters = [
      ['v.programme_id', filter.programmeId],
      ['v.municipality_id', filter.municipalityId],
      ['v.phase_id', filter.phaseId],
      ['v.theme_area', filter.themeArea],
      ['v.status', filter.status],
      ['v.parent_goal_id', filter.parentGoalId],
    ] as const;
    for (const [column, values] of filters) if (values && values.length > 0) query = query.where(column, 'in', values as string[]);
    return keysetPage(query, { column: SORT_COLUMNS[sort.field], id: 'v.goal_id', descending: sort.descending }, after, limit);
  }

  /** Each goal's latest fact known at `knownAt`, at the revision its row was read with. */
  private async withBookkeeping(rows: readonly KnownVersionRow[]): Promise<GoalView[]> {
    const known = await knownFacts(this.db as Kysely<unknown>, FACTS, rows.map((row) => ({ id: row.goal_id, knownRevision: Number(row.known_revision) })));
    // A version is written with the fact that made it, so every row has its bookkeeping.
    return rows.map((row) => toView(row, known.get(row.goal_id) as KnownFact));
  }

  private versions(view: PointOfView) {
    return withKnownRevision(FACTS, goalVersionsAt(this.db, view), view);
  }
}

const FACTS: FactTable = { table: 'goal_facts', idColumn: 'goal_id' };

type KnownVersionRow = Selectable<GoalVersionRow> & { known_revision: number | string };

/** Goal versions valid at `asOf` and known at `knownAt` (as `v`), for any query over goals at a point of view. */
export function goalVersionsAt(db: Kysely<GoalTables>, view: PointOfView) {
  return atPointOfView(db.selectFrom('goal_versions as v').selectAll('v'), view);
}

function toView(row: Selectable<GoalVersionRow>, stream: KnownFact): GoalView {
  const { formulatedAt, ...snapshot } = snapshotOf(row);
  return {
    id: row.goal_id,
    ...snapshot,
    status: row.status as GoalStatus,
    latestOccurredAt: row.valid_from,
    formulatedAt,
    updatedAt: stream.recordedAt,
    revision: stream.revision,
    position: stream.position,
  };
}

/** The sort value of a goal as a cursor keeps it. */
export function sortValueOf(goal: GoalView, sort: GoalSort): string {
  return sort.field === 'id' ? goal.id : String(goal[sort.field]);
}

