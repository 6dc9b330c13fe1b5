import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { migrateLog, type LogMigrations } from '../log-migrations.js';
import { translateUnavailable } from './postgres-errors.js';
import { LogSchemaDialect } from './postgres-log-dialect.js';
import { logTableDdl } from './postgres-log-table.js';
import { quoteSchema } from './postgres-names.js';
import { parallelAppendsDdl } from './postgres-parallel-appends.js';
import { withTransaction } from './postgres-transaction.js';

export { notificationChannel, quoteSchema } from './postgres-names.js';

/** The log's schema versions; a database created before versioning is adopted by the first. */
export function postgresLogMigrations(schema: string): LogMigrations {
  return {
    '0001-log-table': { up: (db) => sql.raw(logTableDdl(schema)).execute(db).then(() => undefined) },
    '0002-parallel-appends': { up: (db) => sql.raw(parallelAppendsDdl(schema)).execute(db).then(() => undefined) },
  };
}

/**
 * Migrates the log on a connection of its own that holds the schema's migration lock throughout.
 * Kysely's migrator locks only around the migrations themselves; before that it creates its tables,
 * and instances starting together would race there (unique violations in the catalog).
 */
export async function migrateEventStore(connectionString: string, schema: string, connectTimeoutMs: number): Promise<void> {
  const pool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: connectTimeoutMs });
  pool.on('error', () => undefined);
  // Kysely would end the pool on destroy() as well; ending it here keeps one owner.
  const db = new Kysely<unknown>({ dialect: new LogSchemaDialect({ pool }, schema) });
  try {
    await db.connection().execute(async (connection) => {
      await sql`SELECT pg_advisory_lock(18252, hashtext(${migrationLockKey(schema)}))`.execute(connection);
      try {
        await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)}`).execute(connection);
        await migrateLog(connection, postgresLogMigrations(schema), { schema });
      } finally {
        await sql`SELECT pg_advisory_unlock(18252, hashtext(${migrationLockKey(schema)}))`.execute(connection);
      }
    });
  } catch (error) {
    throw translateUnavailable(error);
  } finally {
    await pool.end();
  }
}

/**
 * Runs DDL in one transaction under the schema's migration lock: instances starting together would
 * otherwise race on CREATE … IF NOT EXISTS and CREATE OR REPLACE (unique violations in the catalog).
 */
export async function runMigration(pool: pg.Pool, schema: string, ddl: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(18252, hashtext($1))`, [migrationLockKey(schema)]);
    await client.query(ddl);
  });
}

function migrationLockKey(schema: string): string {
  return `migrate:${schema}`;
}
