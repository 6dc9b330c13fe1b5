import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_CATALOGUE } from '#domain';
import { CheckedEventStore, MalformedEventError, PostgresEventStore, SqliteEventStore, type EventStore, type NewEvent } from '#event-store';
import { metadata } from '../support/events.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

/** Reads one stored row as the database holds it, bypassing every adapter. */
type RawRow = (id: string) => Promise<{ schemaVersion: number; data: string }>;

/** A GoalStatusChanged as version 1 wrote it: it still recorded the status it changed from. */
const versionOne = (goalId: string): NewEvent => ({
  id: uuidv7(),
  type: 'GoalStatusChanged',
  schemaVersion: 1,
  data: { goalId, from: 'agreed', to: 'in_progress', reason: 'Auftakt mit den Kitas' },
  metadata,
});

function schemaEvolution(name: string, open: () => Promise<{ store: EventStore; raw: RawRow }>): void {
  describe(`${name}: old schema versions`, () => {
    it('reads an event stored in version 1 back in the current shape, and leaves the stored row as it was', async () => {
      const { store, raw } = await open();
      try {
        const event = versionOne('warendorf-netzwerk');
        await store.append('goal-warendorf-netzwerk', [event], 'no-stream');
        const before = await raw(event.id);

        const checked = new CheckedEventStore(store, EVENT_CATALOGUE);
        const [read] = await checked.readStream('goal-warendorf-netzwerk');
        expect(read).toMatchObject({ schemaVersion: 2, storedSchemaVersion: 1, data: { goalId: 'warendorf-netzwerk', to: 'in_progress', reason: 'Auftakt mit den Kitas' } });
        expect(read.data).not.toHaveProperty('from');
        expect((await checked.readAll({ after: 0, limit: 10 }))[0].data).toEqual(read.data);
        expect(await checked.readEvent(event.id)).toEqual(read);

        expect(await raw(event.id)).toEqual(before);
        expect(before.schemaVersion).toBe(1);
        expect(JSON.parse(before.data)).toEqual(event.data);
      } finally {
        await store.close();
      }
    });

    it('refuses to append an event that does not match its current schema, and writes nothing', async () => {
      const { store } = await open();
      try {
        const checked = new CheckedEventStore(store, EVENT_CATALOGUE);
        const malformed = { ...versionOne('g-1'), schemaVersion: undefined };
        await expect(checked.append('goal-g-1', [malformed], 'no-stream')).rejects.toBeInstanceOf(MalformedEventError);
        await expect(checked.append('goal-g-1', [{ ...malformed, type: 'GoalVanished' }], 'no-stream')).rejects.toBeInstanceOf(MalformedEventError);
        expect(await store.headPosition()).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-schema-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

schemaEvolution('SQLite', async () => {
  files += 1;
  const store = await SqliteEventStore.open(join(dir, `events-${files}.sqlite`));
  const select = store.database.prepare('SELECT schema_version AS schemaVersion, data FROM events WHERE id = ?');
  return { store, raw: async (id) => select.get(id) as { schemaVersion: number; data: string } };
});

describePostgres('PostgreSQL', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));
  schemaEvolution('PostgreSQL', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const store = await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema });
    const raw: RawRow = async (id) => {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT schema_version AS "schemaVersion", data::text AS data FROM "${schema}".events WHERE id = $1`, [id]);
        return rows[0];
      } finally {
        await client.end();
      }
    };
    return { store, raw };
  });
});
