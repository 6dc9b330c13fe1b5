import type { ColumnType, Insertable, Selectable } from 'kysely';
import { goalIdOfStream, type GoalStatus } from '#domain';
import type { ReadModel } from '../read-model.js';
import { byteOrderedText, upsertRows } from '../store/sql-helpers.js';
import { isGoalEvent } from '../goal-events.js';
import { evolveTrackedGoal, goalDetailsOf, type GoalDetails, type TrackedGoal } from './goal-details.fold.js';

export interface GoalRow {
  id: string;
  programme_id: string | null;
  municipality_id: string;
  phase_id: string;
  theme_area: string;
  title: string;
  description: string;
  target_date: string | null;
  source: string | null;
  /** JSON array of ids. */
  social_space_ids: string;
  parent_goal_id: string | null;
  status: GoalStatus;
  latest_occurred_at: string;
  formulated_at: string;
  updated_at: string;
  revision: number;
  /** PostgreSQL returns bigint as a string. */
  position: ColumnType<number | string, number, number>;
}

export interface GoalDetailsTables {
  goals: GoalRow;
}

/** The columns lists filter on; each has an index that also serves the id order of the pages. */
export const GOAL_FILTER_COLUMNS = ['municipality_id', 'phase_id', 'status', 'theme_area'] as const;

/** One row per goal, as it stands now. */
export const goalDetailsReadModel: ReadModel<GoalDetailsTables> = {
  name: 'goal-details',
  version: 1,
  tables: ['goals'],
  handles: isGoalEvent,

  async createTables(db, table) {
    const goals = table('goals');
    await db.schema
      .createTable(goals)
      .addColumn('id', byteOrderedText(db), (column) => column.primaryKey())
      .addColumn('programme_id', 'text')
      .addColumn('municipality_id', 'text', (column) => column.notNull())
      .addColumn('phase_id', 'text', (column) => column.notNull())
      .addColumn('theme_area', 'text', (column) => column.notNull())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('description', 'text', (column) => column.notNull())
      .addColumn('target_date', 'text')
      .addColumn('source', 'text')
      .addColumn('social_space_ids', 'text', (column) => column.notNull())
      .addColumn('parent_goal_id', 'text')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('latest_occurred_at', 'text', (column) => column.notNull())
      .addColumn('formulated_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('revision', 'integer', (column) => column.notNull())
      .addColumn('position', 'bigint', (column) => column.notNull())
      .execute();
  },

  async createIndexes(db, table) {
    const goals = table('goals');
    for (const column of GOAL_FILTER_COLUMNS) {
      await db.schema.createIndex(`${goals}_${column}`).ifNotExists().on(goals).columns([column, 'id']).execute();
    }
  },

  async apply(events, { db }) {
    const ids = [...new Set(events.map((event) => goalIdOfStream(event.stream) ?? ''))];
    const stored = await db.selectFrom('goals').selectAll().where('id', 'in', ids).execute();
    const goals = new Map(stored.map((row) => [row.id, trackedGoalOf(row)]));
    const changed = new Set<string>();
    for (const event of events) {
      const id = goalIdOfStream(event.stream) ?? '';
      const before = goals.get(id);
      const after = evolveTrackedGoal(before, event);
      if (after === undefined || after === before) continue;
      goals.set(id, after);
      changed.add(id);
    }
    return upsertRows(db, 'goals', ['id'], [...changed].map((id) => toGoalRow(goals.get(id) as TrackedGoal)));
  },
};

export function toGoalDetails(row: Selectable<GoalRow>): GoalDetails {
  return goalDetailsOf(trackedGoalOf(row));
}

function trackedGoalOf(row: Selectable<GoalRow>): TrackedGoal {
  const goal = {
    exists: true as const,
    id: row.id,
    programmeId: row.programme_id,
    municipalityId: row.municipality_id,
    phaseId: row.phase_id,
    themeArea: row.theme_area,
    title: row.title,
    description: row.description,
    targetDate: row.target_date,
    source: row.source,
    socialSpaceIds: JSON.parse(row.social_space_ids) as string[],
    parentGoalId: row.parent_goal_id,
    status: row.status,
    latestOccurredAt: row.latest_occurred_at,
  };
  return { goal, formulatedAt: row.formulated_at, updatedAt: row.updated_at, revision: row.revision, position: Number(row.position) };
}

function toGoalRow({ goal, formulatedAt, updatedAt, revision, position }: TrackedGoal): Insertable<GoalRow> {
  return {
    id: goal.id,
    programme_id: goal.programmeId,
    municipality_id: goal.municipalityId,
    phase_id: goal.phaseId,
    theme_area: goal.themeArea,
    title: goal.title,
    description: goal.description,
    target_date: goal.targetDate,
    source: goal.source,
    social_space_ids: JSON.stringify(goal.socialSpaceIds),
    parent_goal_id: goal.parentGoalId,
    status: goal.status,
    latest_occurred_at: goal.latestOccurredAt,
    formulated_at: formulatedAt,
    updated_at: updatedAt,
    revision,
    position,
  };
}
