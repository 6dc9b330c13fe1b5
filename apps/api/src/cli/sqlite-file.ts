import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openSqlite } from '#event-store';
import { ConfigError, loadConfig } from '../config/app-config.js';

/** The embedded store's file under GOAL_LEDGER_DATA_DIR; PostgreSQL has its own tools (docs/operations.md). */
export function embeddedStoreFile(env: Record<string, string | undefined>): string {
  const config = loadConfig(env);
  if (config.store !== 'sqlite') {
    throw new ConfigError(['GOAL_LEDGER_STORE=postgres: back up and restore PostgreSQL with pg_dump or PITR (docs/operations.md)']);
  }
  return join(config.dataDir, 'goal-ledger.sqlite');
}

/** A goal-ledger database that SQLite finds intact: its events and how far they go. */
export function describeDatabase(file: string): { events: number; head: number } {
  const database = openSqlite(file, { fileMustExist: true, readonly: true });
  try {
    return describeOpen(database);
  } finally {
    database.close();
  }
}

function describeOpen(database: Database): { events: number; head: number } {
  const integrity = database.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') throw new Error(`the database is damaged: ${String(integrity)}`);
  const row = database.prepare('SELECT count(*) AS events, coalesce(max(position), 0) AS head FROM events').get() as { events: number; head: number };
  return row;
}

/** Runs a command-line tool: one line on stdout when it worked, one line on stderr and exit 1 when not. */
export function runTool(name: string, tool: () => Promise<string>): void {
  tool().then(
    (done) => process.stdout.write(`${done}\n`),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message.replaceAll('\n', '; ') : String(error)}\n`);
      process.exit(1);
    },
  );
}
