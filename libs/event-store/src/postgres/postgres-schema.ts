import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { withTransaction } from './postgres-transaction.js';

/** Schema names end up in SQL text, so only plain lower-case identifiers are accepted. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`PostgreSQL schema name "${schema}" must match [a-z_][a-z0-9_]*`);
  }
  return `"${schema}"`;
}

/** PostgreSQL channel names are identifiers (at most 63 bytes): a long schema name is hashed. */
export function notificationChannel(schema: string): string {
  const channel = `goal_ledger_events_${schema}`;
  return channel.length <= 63 ? channel : `goal_ledger_events_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/**
 * Creates the log table and the append function. Appends run as one call of `append_events`, so an
 * append costs one round trip and its checks, inserts and notification form one transaction.
 *
 * The function takes a transaction-scoped advisory lock before positions are drawn and holds it until
 * commit, so appends commit in position order and every reader sees a gap-free prefix of the log.
 * Without it a transaction that draws position 5 but commits after position 6 is visible would be
 * skipped by a subscriber that has already moved past 6 (see docs/event-store.md).
 */
export async function migrateEventStore(pool: Pool, schema: string): Promise<void> {
  await runMigration(pool, schema, eventStoreDdl(schema));
}

/**
 * Runs DDL in one transaction under an advisory lock per schema: instances starting together would
 * otherwise race on CREATE … IF NOT EXISTS and CREATE OR REPLACE (unique violations in the catalog).
 */
export async function runMigration(pool: Pool, schema: string, ddl: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(18252, hashtext($1))`, [`migrate:${schema}`]);
    await client.query(ddl);
  });
}

function eventStoreDdl(schema: string): string {
  const s = quoteSchema(schema);
  return `
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
      -- PL/pgSQL caches a generic plan after a few calls; one made while the log was small (seq scans)
      -- would stay and make every append slower as the log grows. Custom plans follow the table.
      LANGUAGE plpgsql SET search_path = ${s} SET plan_cache_mode = force_custom_plan AS $fn$
      #variable_conflict use_column
      DECLARE
        v_current bigint;
        v_stored jsonb;
        v_recorded timestamptz;
      BEGIN
        PERFORM pg_advisory_xact_lock(18252, hashtext(${literal(`append:${schema}`)}));

        SELECT jsonb_agg(jsonb_build_object('id', e.id, 'stream', e.stream, 'revision', e.revision, 'position', e.position))
          INTO v_stored FROM events e WHERE e.id = ANY (p_ids);
        IF v_stored IS NOT NULL THEN
          RETURN QUERY SELECT 'stored', NULL::bigint, NULL::bigint, v_stored;
          RETURN;
        END IF;

        SELECT coalesce(max(e.revision), -1) INTO v_current FROM events e WHERE e.stream = p_stream;
        -- p_expected: NULL = any, -1 = no stream, otherwise the exact revision.
        IF p_expected IS NOT NULL AND p_expected <> v_current THEN
          RETURN QUERY SELECT 'conflict', v_current, NULL::bigint, NULL::jsonb;
          RETURN;
        END IF;

        -- System time never runs backwards along the log, even if the server clock does.
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
        PERFORM pg_notify(${literal(notificationChannel(schema))}, '');
      END
      $fn$;
  `;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
