import type { Kysely } from 'kysely';
import type { GoalStatus } from '#domain';
import { byteOrderedText } from '../store/sql-helpers.js';
import { createFactTable, type FactColumns } from '../streams/stream-tables.js';

/** One row per goal event, as recorded: the goal's history, and what its timeline is folded from. */
export type GoalFactRow = { goal_id: string } & FactColumns;

/**
 * One row per version of a goal: as it was in world time [valid_from, valid_to), as it was known in system
 * time [recorded_from, recorded_to). Open ends hold END_OF_TIME, so that "current" is an equality.
 */
export interface GoalVersionRow {
  goal_id: string;
  recorded_from: string;
  recorded_to: string;
  valid_from: string;
  valid_to: string;
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
  formulated_at: string;
}

export interface GoalTables {
  goal_facts: GoalFactRow;
  goal_versions: GoalVersionRow;
}

export async function createGoalTables(db: Kysely<unknown>, table: (logical: string) => string): Promise<void> {
  const text = byteOrderedText(db);
  await createFactTable(db, table('goal_facts'), 'goal_id');
  await db.schema
    .createTable(table('goal_versions'))
    .addColumn('goal_id', text, (column) => column.notNull())
    .addColumn('recorded_from', 'text', (column) => column.notNull())
    .addColumn('recorded_to', 'text', (column) => column.notNull())
    .addColumn('valid_from', 'text', (column) => column.notNull())
    .addColumn('valid_to', 'text', (column) => column.notNull())
    .addColumn('programme_id', text)
    .addColumn('municipality_id', text, (column) => column.notNull())
    .addColumn('phase_id', text, (column) => column.notNull())
    .addColumn('theme_area', text, (column) => column.notNull())
    .addColumn('title', text, (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('target_date', 'text')
    .addColumn('source', 'text')
    .addColumn('social_space_ids', 'text', (column) => column.notNull())
    .addColumn('parent_goal_id', 'text')
    .addColumn('status', text, (column) => column.notNull())
    .addColumn('formulated_at', text, (column) => column.notNull())
    .addPrimaryKeyConstraint(`${table('goal_versions')}_pk`, ['goal_id', 'recorded_from', 'valid_from'])
    .execute();
  // What apply reads: a goal's rows still open in system time.
  await db.schema.createIndex(`${table('goal_versions')}_open`).on(table('goal_versions')).columns(['goal_id', 'recorded_to']).execute();
}

/**
 * What the views read: lists as known now and as of now are equalities on the open ends followed by the
 * filter and the id order; lists of the past narrow by municipality (or phase) and id, then by the intervals.
 */
const INTERVALS = ['valid_from', 'valid_to', 'recorded_from', 'recorded_to'];

export async function createGoalIndexes(db: Kysely<unknown>, table: (logical: string) => string): Promise<void> {
  const versions = table('goal_versions');
  const index = (name: string, columns: string[]) => db.schema.createIndex(`${versions}_${name}`).ifNotExists().on(versions).columns(columns).execute();
  await index('current_by_municipality', ['recorded_to', 'valid_to', 'municipality_id', 'goal_id']);
  await index('current_by_phase', ['recorded_to', 'valid_to', 'phase_id', 'goal_id']);
  await index('current_by_status', ['recorded_to', 'valid_to', 'status', 'goal_id']);
  await index('current', ['recorded_to', 'valid_to', 'goal_id']);
  // The intervals ride along, so a past point of view is checked on the index entries: at an early asOf or
  // knownAt a page walks every version of the municipality's goals (45,000 rows for 1,000 goals), and
  // fetching each row from the table to test it made that walk five times slower.
  await index('by_municipality', ['municipality_id', 'goal_id', ...INTERVALS]);
  await index('by_phase', ['phase_id', 'goal_id', ...INTERVALS]);
  const facts = table('goal_facts');
  // The log position a view known at K reflects: the last fact recorded by K.
  await db.schema.createIndex(`${facts}_recorded`).ifNotExists().on(facts).columns(['recorded_at', 'position']).execute();
}
