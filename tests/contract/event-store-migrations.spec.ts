import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresEventStore, SqliteEventStore, openSqlite, type EventStore, type NewEvent, type RecordedEvent } from '#event-store';
import { headAtLeast, newEvent, newEvents, streamName } from '../support/events.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

/** The log as the first release created it (before the schema was versioned), kept verbatim as a fixture. */
const FIRST_RELEASE_POSTGRES = (s: string) => `
  CREATE SCHEMA IF NOT EXISTS ${s};
  CREATE TABLE IF NOT EXISTS ${s}.events (
    position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             uuid        NOT NULL UNIQUE,
    stream         text        NOT NULL,
    revision       bigint      NOT NULL,
    type           text        NOT NULL,
    schema_version integer     NOT NULL,
    data           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL,
    recorded_at    timestamptz NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE OR REPLACE FUNCTION ${s}.append_events(
    p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_versions integer[],
    p_data jsonb[], p_metadata jsonb[]
  ) RETURNS TABLE (outcome text, revision bigint, "position" bigint, stored jsonb)
  LANGUAGE plpgsql SET search_path = ${s} SET plan_cache_mode = force_custom_plan AS $fn$
  #variable_conflict use_column
  DECLARE
    v_current bigint;
    v_stored jsonb;
    v_recorded timestamptz;
  BEGIN
    PERFORM pg_advisory_xact_lock(18252, hashtext('append:' || current_schema()));
    SELECT jsonb_agg(jsonb_build_object('id', e.id, 'stream', e.stream, 'revision', e.revision, 'position', e.position))
      INTO v_stored FROM events e WHERE e.id = ANY (p_ids);
    IF v_stored IS NOT NULL THEN
      RETURN QUERY SELECT 'stored', NULL::bigint, NULL::bigint, v_stored;
      RETURN;
    END IF;
    SELECT coalesce(max(e.revision), -1) INTO v_current FROM events e WHERE e.stream = p_stream;
    IF p_expected IS NOT NULL AND p_expected <> v_current THEN
      RETURN QUERY SELECT 'conflict', v_current, NULL::bigint, NULL::jsonb;
      RETURN;
    END IF;
    SELECT greatest(date_trunc('milliseconds', clock_timestamp()), max(e.recorded_at))
      INTO v_recorded FROM (SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1) e;
    RETURN QUERY
      WITH inserted AS (
        INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at)
        SELECT u.id, p_stream, v_current + u.ord, u.type, u.version, u.data, u.metadata, v_recorded
          FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata)
               WITH ORDINALITY AS u(id, type, version, data, metadata, ord)
         ORDER BY u.ord
        RETURNING events.revision, events.position
      )
      SELECT 'appended', max(i.revision), max(i.position), NULL::jsonb FROM inserted i;
  END
  $fn$;
`;

const FIRST_RELEASE_SQLITE = `
  CREATE TABLE IF NOT EXISTS events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT    NOT NULL UNIQUE,
    stream         TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    UNIQUE (stream, revision)
  )`;

const stream = streamName();
const written = [newEvent(0, { data: { z: 1, a: { y: 2, b: 3 } } }), newEvent(1, { schemaVersion: 2 })];

/** An event as the port answers it, with data and metadata as text, so key order counts too. */
const answer = (events: Array<Omit<RecordedEvent, 'data'> & { data: object }>) =>
  events.map((e) => ({ ...e, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) }));
type Answer = ReturnType<typeof answer>;

/** Reads the adopted log through the store, checks it matches, and appends to it. */
async function expectAdopted(store: EventStore, before: Answer): Promise<void> {
  const read = await store.readStream(stream);
  expect(answer(read)).toEqual(before);
  const appended = await store.append(stream, [newEvent(2)], 1);
  expect(appended).toMatchObject({ revision: 2, duplicate: false });
  expect(appended.position).toBeGreaterThan(before[1].position);
  await headAtLeast(store, appended.position);
  const log = await store.readAll({ after: 0, limit: 10 });
  expect(log.map((e) => e.position)).toEqual([...before.map((e) => e.position), appended.position]);
  expect(log[2].metadata.recordedAt >= log[1].metadata.recordedAt).toBe(true);
}

describePostgres('The PostgreSQL log schema, versioned', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));

  async function firstReleaseLog(client: pg.Client, schema: string, events: NewEvent[]): Promise<Answer> {
    await client.query(FIRST_RELEASE_POSTGRES(`"${schema}"`));
    await client.query(`SELECT * FROM "${schema}".append_events($1, NULL, $2::uuid[], $3, $4, $5::jsonb[], $6::jsonb[])`, [
      stream,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion ?? 1),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
    ]);
    const { rows } = await client.query(`SELECT * FROM "${schema}".events ORDER BY position`);
    return answer(
      rows.map((row) => ({
        id: row.id,
        stream: row.stream,
        position: Number(row.position),
        revision: Number(row.revision),
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: { ...row.metadata, recordedAt: row.recorded_at.toISOString() },
      })),
    );
  }

  it('adopts a log the first release created, reads its events back unchanged and appends after them', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    const before = await firstReleaseLog(client, schema, written).finally(() => client.end());

    const store = await PostgresEventStore.open({ connectionString: testDatabaseUrl, schema });
    try {
      await expectAdopted(store, before);
      const { rows } = await store.pool.query(`SELECT name FROM "${schema}".log_migrations ORDER BY name`);
      expect(rows.map((row) => row.name)).toEqual(['0001-log-table', '0002-parallel-appends']);
    } finally {
      await store.close();
    }
  });

  it('migrates once when two instances start on the same fresh schema at the same moment', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const opened = await Promise.all([1, 2].map(() => PostgresEventStore.open({ connectionString: testDatabaseUrl, schema })));
    try {
      const [a, b] = opened;
      const first = await a.append(stream, newEvents(1), 'no-stream');
      await expect(b.append(stream, newEvents(1, 1), 'no-stream')).rejects.toMatchObject({ actual: 0 });
      expect((await b.readStream(stream)).map((e) => e.position)).toEqual([first.position]);
      const { rows } = await a.pool.query(`SELECT count(*)::int AS runs FROM "${schema}".log_migrations`);
      expect(rows[0].runs).toBe(2);
    } finally {
      await Promise.all(opened.map((store) => store.close()));
    }
  });
});

describe('The SQLite log schema, versioned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adopts a file the first release created, reads its events back unchanged and appends after them', async () => {
    const file = join(dir, 'first-release.sqlite');
    const old = openSqlite(file);
    old.exec(FIRST_RELEASE_SQLITE);
    const insert = old.prepare(
      `INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    written.forEach((e, revision) =>
      insert.run(e.id, stream, revision, e.type, e.schemaVersion ?? 1, JSON.stringify(e.data), JSON.stringify(e.metadata), '2013-06-30T10:00:00.000Z'),
    );
    const before = answer(
      written.map((e, revision) => ({
        id: e.id,
        stream,
        position: revision + 1,
        revision,
        type: e.type,
        schemaVersion: e.schemaVersion ?? 1,
        data: e.data,
        metadata: { ...e.metadata, recordedAt: '2013-06-30T10:00:00.000Z' },
      })),
    );
    old.close();

    const store = await SqliteEventStore.open(file);
    try {
      await expectAdopted(store, before);
      expect(store.database.prepare('SELECT name FROM log_migrations').pluck().all()).toEqual(['0001-log-table']);
    } finally {
      await store.close();
    }
  });
});
