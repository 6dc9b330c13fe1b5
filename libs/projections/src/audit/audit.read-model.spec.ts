import { describe, expect, it } from '@jest/globals';
import { Kysely, SqliteDialect } from 'kysely';
import { openSqlite, type RecordedEvent } from '#event-store';
import { auditReadModel } from './audit.read-model.js';
import type { AuditTables } from './audit.tables.js';

function event(position: number, stream: string, type: string, data: Record<string, unknown>): RecordedEvent {
  const at = `2013-0${position}-01T00:00:00.000Z`;
  return {
    id: `00000000-0000-4000-8000-00000000000${position}`,
    stream,
    revision: position - 1,
    position,
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: 'koordination', correlationId: `c${position}`, causationId: null, occurredAt: at, recordedAt: at },
  };
}

const formulated = event(1, 'goal-netzwerk', 'GoalFormulated', { municipalityId: 'warendorf', title: 'Netzwerk' });
const started = event(2, 'goal-netzwerk', 'GoalStatusChanged', { to: 'in_progress' });

/** The audit tables in memory, and a batch applied as the runner applies it: folded, then its writes run. */
async function auditTables() {
  const db = new Kysely<AuditTables>({ dialect: new SqliteDialect({ database: openSqlite(':memory:') }) });
  await auditReadModel.createTables(db as Kysely<unknown>, (logical) => logical);
  const apply = async (events: RecordedEvent[], memory: Map<string, unknown>) => {
    for (const write of await auditReadModel.apply(events, { db, memory, committed: () => Promise.resolve() })) await db.executeQuery(write);
  };
  const entries = () => db.selectFrom('audit_entries').select(['position', 'municipality_id']).orderBy('position').execute();
  return { db, apply, entries };
}

describe('the audit read model', () => {
  it('names the municipality a stream learnt in an earlier batch, for the same worker and for one that resumed', async () => {
    for (const resumed of [false, true]) {
      const { db, apply, entries } = await auditTables();
      const memory = new Map<string, unknown>();
      await apply([formulated], memory);
      // A worker that resumed (after a failure or on another instance) starts with nothing remembered.
      await apply([started], resumed ? new Map() : memory);
      expect(await entries()).toEqual([
        { position: 1, municipality_id: 'warendorf' },
        { position: 2, municipality_id: 'warendorf' },
      ]);
      await db.destroy();
    }
  });

  it('writes nothing for a batch delivered again, whatever the worker remembers', async () => {
    const { db, apply, entries } = await auditTables();
    const memory = new Map<string, unknown>();
    await apply([formulated, started], memory);
    await apply([formulated, started], memory);
    await apply([formulated, started], new Map());
    expect(await entries()).toHaveLength(2);
    await db.destroy();
  });
});
