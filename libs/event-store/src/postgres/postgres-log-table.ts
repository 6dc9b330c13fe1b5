import { literal, notificationChannel, quoteSchema } from './postgres-names.js';

/**
 * Migration 1: the log as the first release created it, statement for statement. Every statement is
 * idempotent, so a database that release created (tables present, no migration table) is adopted as
 * it stands. Appends here serialise on one advisory lock held until commit; migration 2 replaces that.
 */
export function logTableDdl(schema: string): string {
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
        PERFORM pg_notify(${literal(notificationChannel(schema))}, '');
      END
      $fn$;
  `;
}
