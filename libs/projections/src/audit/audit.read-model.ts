import type { Insertable, Kysely } from 'kysely';
import { MUNICIPALITY_CATEGORY, streamIdOf } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { ApplyContext, ReadModel } from '../read-model.js';
import { insertRows } from '../store/sql-helpers.js';
import { createAuditIndexes, createAuditTables, type AuditEntryRow, type AuditStreamScopeRow, type AuditTables } from './audit.tables.js';

/**
 * The audit log: one row per event, whatever its stream, with the municipality it concerns so that an
 * auditor can ask "what happened in Kreis Warendorf". A stream's municipality is named by its first event
 * (a goal's formulation, a review) or by the stream itself (a municipality's own stream) and remembered
 * for the stream's later events, which do not repeat it.
 *
 * Writes do not wait for it: an audit entry is read by people after the fact, and `minPosition` gives
 * read-your-writes to a client that needs it.
 */
export const auditReadModel: ReadModel<AuditTables> = auditReadModelRemembering(100_000);

/**
 * The audit read model, remembering the scopes of at most `rememberedScopes` streams (about 100 bytes
 * each) between batches; beyond, it forgets them and looks them up again. Tests pass a small number.
 */
export function auditReadModelRemembering(rememberedScopes: number): ReadModel<AuditTables> {
  return {
    name: 'audit',
    // 2: the position is SQLite's row id.
    version: 2,
    tables: ['audit_entries', 'audit_stream_scopes'],
    awaitedByWrites: false,
    // It looks up a stream's scope only once the batch holding that stream is committed.
    foldsWhileCommitting: true,
    handles: () => true,
    createTables: createAuditTables,
    createIndexes: createAuditIndexes,

    async apply(events, { db, memory, committed }) {
      const known = await scopesOf(db, memory, committed, events, rememberedScopes);
      const learnt: Insertable<AuditStreamScopeRow>[] = [];
      const entries: Insertable<AuditEntryRow>[] = [];
      for (const event of events) {
        // A redelivered batch after a crash changes nothing: positions only grow.
        if (event.position <= known.newest) continue;
        let municipality = known.scopes.get(event.stream);
        if (municipality === undefined) {
          municipality = municipalityNamedBy(event);
          if (municipality !== undefined) {
            known.scopes.set(event.stream, municipality);
            learnt.push({ stream: event.stream, municipality_id: municipality });
          }
        }
        entries.push(entryOf(event, municipality ?? null));
      }
      known.newest = Math.max(known.newest, events[events.length - 1].position);
      return [...insertRows(db, 'audit_stream_scopes', learnt), ...insertRows(db, 'audit_entries', entries)];
    },
  };
}

/** What the worker keeps between batches: the scopes it has seen and the newest position it applied. */
interface AuditMemory {
  readonly scopes: Map<string, string>;
  /** True when `scopes` holds every scope of the generation: the worker began on empty tables. */
  complete: boolean;
  newest: number;
}

/**
 * The scopes of the batch's streams. A worker that filled the tables from the start knows them all; one
 * that resumed looks up those it has not seen. Kept in memory, a rebuild asks the table nothing per batch.
 */
async function scopesOf(
  db: Kysely<AuditTables>,
  memory: Map<string, unknown>,
  committed: ApplyContext<AuditTables>['committed'],
  events: readonly RecordedEvent[],
  rememberedScopes: number,
): Promise<AuditMemory> {
  let known = memory.get('audit') as AuditMemory | undefined;
  // Nothing is remembered when the worker (re)starts, and then no batch of it is being committed.
  if (known === undefined) {
    const newest = await newestPosition(db);
    known = { scopes: new Map(), complete: newest === 0, newest };
    memory.set('audit', known);
  }
  if (known.scopes.size > rememberedScopes) {
    known.scopes.clear();
    known.complete = false;
  }
  if (!known.complete) {
    const unseen = [...new Set(events.map((event) => event.stream))].filter((stream) => !known.scopes.has(stream));
    if (unseen.length > 0) {
      await committed(unseen);
      const rows = await db.selectFrom('audit_stream_scopes').selectAll().where('stream', 'in', unseen).execute();
      for (const row of rows) known.scopes.set(row.stream, row.municipality_id);
    }
  }
  return known;
}

async function newestPosition(db: Kysely<AuditTables>): Promise<number> {
  const row = await db.selectFrom('audit_entries').select('position').orderBy('position', 'desc').limit(1).executeTakeFirst();
  return Number(row?.position ?? 0);
}

/** The municipality an event names: its own stream's id, or a `municipalityId` in its data. */
function municipalityNamedBy(event: RecordedEvent): string | undefined {
  const own = streamIdOf(MUNICIPALITY_CATEGORY, event.stream);
  if (own !== undefined) return own;
  const named = event.data.municipalityId;
  return typeof named === 'string' ? named : undefined;
}

function entryOf(event: RecordedEvent, municipality: string | null): Insertable<AuditEntryRow> {
  const { metadata } = event;
  const reason = event.data.reason;
  return {
    position: event.position,
    recorded_at: metadata.recordedAt,
    occurred_at: metadata.occurredAt,
    actor: metadata.actor,
    command: metadata.command ?? null,
    stream: event.stream,
    category: event.stream.split('-', 1)[0],
    event_type: event.type,
    municipality_id: municipality,
    reason: typeof reason === 'string' ? reason : null,
    correlation_id: metadata.correlationId,
    causation_id: metadata.causationId,
  };
}
