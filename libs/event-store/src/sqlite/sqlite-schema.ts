import type { Database } from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { hasPendingMigrations, migrateLog, type LogMigrations } from '../log-migrations.js';

/**
 * WAL lets readers run beside the single writer; synchronous=FULL makes every commit durable before
 * append() returns (NORMAL could lose the last commits on power loss). An append waits for SQLite's write
 * lock while another connection holds it: the read models' writer thread holds it for one transaction at
 * a time, and building an index or dropping a generation of a large read model is one that can take
 * longer than a few seconds; the append is to wait for it, not to fail.
 */
export const APPEND_LOCK_WAIT_MS = 60_000;

export function configureDurableDatabase(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${APPEND_LOCK_WAIT_MS}`);
  db.pragma('foreign_keys = ON');
}

/** The log's schema versions; a file created before versioning is adopted by the first. */
export const sqliteLogMigrations: LogMigrations = {
  '0001-log-table': {
    up: async (db) => {
      await sql`
        CREATE TABLE IF NOT EXISTS events (
          -- AUTOINCREMENT: positions strictly increase and are never reused once committed (a plain rowid
          -- could hand out the number of a deleted last row again).
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
        )`.execute(db);
    },
  },
};

/** Files this process is migrating: two connections to one file must not interleave their migrations. */
const migrating = new Map<string, Promise<void>>();

/** Migrates on the store's own connection; connections of this process to the same file take turns. */
export async function migrateSqliteLog(database: Database): Promise<void> {
  const turn = (migrating.get(database.name) ?? Promise.resolve()).then(() => migrateInOneTransaction(database));
  const settled = turn.catch(() => undefined);
  migrating.set(database.name, settled);
  try {
    await turn;
  } finally {
    if (migrating.get(database.name) === settled) migrating.delete(database.name);
  }
}

/**
 * BEGIN IMMEDIATE takes the write lock before the migrator reads which migrations ran, so another
 * process opening the file waits (busy_timeout) instead of running the same migration twice. The lock
 * is held across the migrator's awaits, while a synchronous write on another connection of this
 * process would block the thread waiting for it: so it is taken only when there is work to do.
 */
async function migrateInOneTransaction(database: Database): Promise<void> {
  // Never destroyed: Kysely would close the connection, which the store goes on using.
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  if (!(await hasPendingMigrations(db, sqliteLogMigrations))) return;
  database.exec('BEGIN IMMEDIATE');
  try {
    await migrateLog(db, sqliteLogMigrations, { inCallersTransaction: true });
    database.exec('COMMIT');
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
