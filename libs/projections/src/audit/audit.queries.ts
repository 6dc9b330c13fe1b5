import type { Kysely, Selectable } from 'kysely';
import type { AuditEntryRow, AuditTables } from './audit.tables.js';

export interface AuditFilter {
  readonly actor?: readonly string[];
  readonly municipalityId?: readonly string[];
  readonly stream?: readonly string[];
  /** Recorded at or after this instant. */
  readonly from?: string;
  /** Recorded at or before this instant. */
  readonly to?: string;
}

export interface AuditEntry {
  readonly position: number;
  readonly recordedAt: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly command: string | null;
  readonly stream: string;
  readonly eventType: string;
  readonly municipalityId: string | null;
  readonly reason: string | null;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** The audit log, in log order or newest first, keyset-paginated by position. */
export class AuditQueries {
  constructor(private readonly db: Kysely<AuditTables>) {}

  /** Entries after `after` (before it when `newestFirst`); `limit` rows at most. */
  async list(filter: AuditFilter, after: number | undefined, limit: number, newestFirst = false): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_entries').selectAll();
    const lists = [
      ['actor', filter.actor],
      ['municipality_id', filter.municipalityId],
      ['stream', filter.stream],
    ] as const;
    for (const [column, values] of lists) if (values && values.length > 0) query = query.where(column, 'in', values as string[]);
    if (filter.from !== undefined) query = query.where('recorded_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('recorded_at', '<=', filter.to);
    if (after !== undefined) query = query.where('position', newestFirst ? '<' : '>', after);
    const rows = await query.orderBy('position', newestFirst ? 'desc' : 'asc').limit(limit).execute();
    return rows.map(entryOf);
  }

  /** The last log position the audit log holds (0 when empty). */
  async logPosition(): Promise<number> {
    const row = await this.db.selectFrom('audit_entries').select('position').orderBy('position', 'desc').limit(1).executeTakeFirst();
    return Number(row?.position ?? 0);
  }
}

function entryOf(row: Selectable<AuditEntryRow>): AuditEntry {
  return {
    position: Number(row.position),
    recordedAt: row.recorded_at,
    occurredAt: row.occurred_at,
    actor: row.actor,
    command: row.command,
    stream: row.stream,
    eventType: row.event_type,
    municipalityId: row.municipality_id,
    reason: row.reason,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
  };
}
