import type { ColumnType, Kysely } from 'kysely';
import { byteOrderedText, positionKeyType } from '../store/sql-helpers.js';

/** PostgreSQL returns bigint as a string. */
type Position = ColumnType<number | string, number, number>;

/** One row per event of the log: who did what, when and why. */
export interface AuditEntryRow {
  position: Position;
  recorded_at: string;
  occurred_at: string;
  actor: string;
  /** The command that decided the event; null for events recorded before commands were named. */
  command: string | null;
  stream: string;
  category: string;
  event_type: string;
  /** The municipality the stream belongs to, when it belongs to one. */
  municipality_id: string | null;
  reason: string | null;
  correlation_id: string;
  causation_id: string | null;
}

/** Which municipality a stream belongs to, learnt from its first event that names one. */
export interface AuditStreamScopeRow {
  stream: string;
  municipality_id: string;
}

export interface AuditTables {
  audit_entries: AuditEntryRow;
  audit_stream_scopes: AuditStreamScopeRow;
}

export async function createAuditTables(db: Kysely<unknown>, table: (logical: string) => string): Promise<void> {
  const text = byteOrderedText(db);
  await db.schema
    .createTable(table('audit_entries'))
    .addColumn('position', positionKeyType(db), (column) => column.notNull().primaryKey())
    .addColumn('recorded_at', 'text', (column) => column.notNull())
    .addColumn('occurred_at', 'text', (column) => column.notNull())
    .addColumn('actor', text, (column) => column.notNull())
    .addColumn('command', 'text')
    .addColumn('stream', text, (column) => column.notNull())
    .addColumn('category', text, (column) => column.notNull())
    .addColumn('event_type', 'text', (column) => column.notNull())
    .addColumn('municipality_id', text)
    .addColumn('reason', 'text')
    .addColumn('correlation_id', 'text', (column) => column.notNull())
    .addColumn('causation_id', 'text')
    .execute();
  await db.schema
    .createTable(table('audit_stream_scopes'))
    .addColumn('stream', text, (column) => column.notNull().primaryKey())
    .addColumn('municipality_id', text, (column) => column.notNull())
    .execute();
}

/** The filters of the audit view: each an index leading with the filtered column, then position for the page order. */
export async function createAuditIndexes(db: Kysely<unknown>, table: (logical: string) => string): Promise<void> {
  const entries = table('audit_entries');
  for (const column of ['actor', 'stream', 'municipality_id', 'recorded_at']) {
    await db.schema.createIndex(`${entries}_${column}`).ifNotExists().on(entries).columns([column, 'position']).execute();
  }
}
