import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import type { OpenWriter } from './append-writers.js';

/** The type parsers (int8, json, jsonb) that Emmett's driver layer replaces for the whole `pg` module. */
const PARSED_TYPES = [20, 114, 3802] as const;
type Parsers = Map<number, ReturnType<typeof pg.types.getTypeParser>>;

const current = (): Parsers => new Map(PARSED_TYPES.map((oid) => [oid, pg.types.getTypeParser(oid, 'text')]));
const use = (parsers: Parsers) => parsers.forEach((parse, oid) => pg.types.setTypeParser(oid, parse));

/** pg's own parsers, taken before Emmett is first opened; ours and the raw baseline run with these. */
const pgDefaults = current();
let emmettParsers: Parsers | undefined;

/**
 * Emmett's PostgreSQL event store (`appendToStream` with an expected stream version) as a contender.
 * Its schema lives in `public` of the bench database (it looks its functions up by name, not by schema),
 * so each round truncates its tables instead of taking a fresh schema: an empty log either way.
 *
 * Emmett sets int8 → BigInt and its own JSON parsers on the shared `pg` module when it opens a pool; they
 * are swapped in only while Emmett runs, so that ours and the raw inserts parse as they do in production.
 */
export function emmettWriter(url: string, poolSize: number): OpenWriter {
  // Emmett's schema is migrated once per run, outside any timing: its migration issues BEGIN/COMMIT inside
  // its own transaction, which PostgreSQL logs as a warning each time.
  let migrated = false;
  return async () => {
    if (emmettParsers) use(emmettParsers);
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    const store = getPostgreSQLEventStore(url, { connectionOptions: { pool }, schema: { autoMigration: 'None' } });
    emmettParsers ??= current();
    if (!migrated) await store.schema.migrate();
    migrated = true;
    await store.schema.dangerous.truncate({ resetSequences: true });
    return {
      append: (stream, events) =>
        store.appendToStream(
          stream,
          // Our event data is any JSON object; Emmett's type names it a record of string keys.
          events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata } })),
          { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
        ),
      close: async () => {
        await store.close();
        await pool.end();
        use(pgDefaults);
      },
    };
  };
}
