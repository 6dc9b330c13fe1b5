import type { ColumnType, Insertable, Selectable } from 'kysely';
import { goalIdOfStream } from '#domain';
import type { ReadModel } from '../read-model.js';
import { isGoalEvent } from '../goal-events.js';
import { insertRows, upsertRows } from '../store/sql-helpers.js';
import { nextHistoryEntry, type GoalHistoryEntry, type GoalHistoryHead } from './goal-history.fold.js';

/** One row per event of a goal. */
export interface GoalHistoryRow {
  goal_id: string;
  revision: number;
  event_id: string;
  type: string;
  position: ColumnType<number | string, number, number>;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  correlation_id: string;
  reason: string | null;
  /** JSON array of FieldChange. */
  changes: string;
}

/** One row per goal: its state after the latest entry (JSON), to work out what the next event changes. */
export interface GoalHistoryHeadRow {
  goal_id: string;
  revision: number;
  state: string;
}

export interface GoalHistoryTables {
  goal_history: GoalHistoryRow;
  goal_history_heads: GoalHistoryHeadRow;
}

/** Each goal's history, an event per row: appending an entry never rewrites the ones before it. */
export const goalHistoryReadModel: ReadModel<GoalHistoryTables> = {
  name: 'goal-history',
  version: 1,
  tables: ['goal_history', 'goal_history_heads'],
  handles: isGoalEvent,

  async createTables(db, table) {
    await db.schema
      .createTable(table('goal_history'))
      .addColumn('goal_id', 'text', (column) => column.notNull())
      .addColumn('revision', 'integer', (column) => column.notNull())
      .addColumn('event_id', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('position', 'bigint', (column) => column.notNull())
      .addColumn('occurred_at', 'text', (column) => column.notNull())
      .addColumn('recorded_at', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('correlation_id', 'text', (column) => column.notNull())
      .addColumn('reason', 'text')
      .addColumn('changes', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable(table('goal_history_heads'))
      .addColumn('goal_id', 'text', (column) => column.primaryKey())
      .addColumn('revision', 'integer', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .execute();
  },

  async createIndexes(db, table) {
    // Pages of one goal's history are ranges of this key; it also refuses an entry applied twice.
    const history = table('goal_history');
    await db.schema.createIndex(`${history}_by_goal`).ifNotExists().unique().on(history).columns(['goal_id', 'revision']).execute();
  },

  async apply(events, { db }) {
    const ids = [...new Set(events.map((event) => goalIdOfStream(event.stream) ?? ''))];
    const stored = await db.selectFrom('goal_history_heads').selectAll().where('goal_id', 'in', ids).execute();
    const heads = new Map<string, GoalHistoryHead>(stored.map((row) => [row.goal_id, { revision: row.revision, state: JSON.parse(row.state) }]));
    const entries: Insertable<GoalHistoryRow>[] = [];
    const changed = new Set<string>();
    for (const event of events) {
      const goalId = goalIdOfStream(event.stream) ?? '';
      const next = nextHistoryEntry(heads.get(goalId), event);
      if (!next) continue;
      heads.set(goalId, next.head);
      changed.add(goalId);
      entries.push(toHistoryRow(goalId, next.entry));
    }
    const headRows = [...changed].map((goalId) => {
      const head = heads.get(goalId) as GoalHistoryHead;
      return { goal_id: goalId, revision: head.revision, state: JSON.stringify(head.state) };
    });
    return [...insertRows(db, 'goal_history', entries), ...upsertRows(db, 'goal_history_heads', ['goal_id'], headRows)];
  },
};

function toHistoryRow(goalId: string, entry: GoalHistoryEntry): Insertable<GoalHistoryRow> {
  return {
    goal_id: goalId,
    revision: entry.revision,
    event_id: entry.eventId,
    type: entry.type,
    position: entry.position,
    occurred_at: entry.occurredAt,
    recorded_at: entry.recordedAt,
    actor: entry.actor,
    correlation_id: entry.correlationId,
    reason: entry.reason,
    changes: JSON.stringify(entry.changes),
  };
}

export function toHistoryEntry(row: Selectable<GoalHistoryRow>): GoalHistoryEntry {
  // The order of the fields is the order of the JSON answers.
  return {
    eventId: row.event_id,
    type: row.type,
    revision: row.revision,
    position: Number(row.position),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    correlationId: row.correlation_id,
    reason: row.reason,
    changes: JSON.parse(row.changes),
  };
}
