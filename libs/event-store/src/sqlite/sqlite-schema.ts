import type { Database } from 'better-sqlite3';

/**
 * WAL lets readers run beside the single writer; synchronous=FULL makes every commit durable before
 * append() returns (NORMAL could lose the last commits on power loss).
 */
export function configureDurableDatabase(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

export function createEventTables(db: Database): void {
  db.exec(`
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
    );
  `);
}
