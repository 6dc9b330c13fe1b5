import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite } from '#event-store';
import { describeDatabase, embeddedStoreFile, runTool } from './sqlite-file.js';

/**
 * `npm run restore -- <file>`: makes a backup the embedded store of GOAL_LEDGER_DATA_DIR, with the API
 * stopped. The store it replaces is kept beside it as `goal-ledger.sqlite.replaced-<time>`.
 */
runTool('restore', async () => {
  const backup = process.argv[2];
  if (!backup) throw new Error('usage: npm run restore -- <backup file>');
  const { events, head } = describeDatabase(backup);

  const target = embeddedStoreFile(process.env);
  let replaced = '';
  if (existsSync(target)) {
    releaseFromWal(target);
    replaced = `${target}.replaced-${new Date().toISOString().replaceAll(':', '-')}`;
    renameSync(target, replaced);
  }
  // A fresh machine has no data directory yet.
  mkdirSync(dirname(target), { recursive: true });
  // Copy beside the target and rename: the store is either the old file or the whole backup, never half.
  copyFileSync(backup, `${target}.restoring`);
  releaseLeases(`${target}.restoring`);
  renameSync(`${target}.restoring`, target);
  return `restored ${events} events (log up to position ${head}) to ${target}${replaced ? `; the previous store is ${replaced}` : ''}`;
});

/**
 * Leaves WAL mode, which folds the -wal file into the database and removes it. SQLite allows that only to
 * the one connection of the file, so it fails while the API has the store open: then nothing is touched.
 */
function releaseFromWal(file: string): void {
  const database = openSqlite(file, { fileMustExist: true, timeout: 0 });
  try {
    const mode = database.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`journal mode stays ${String(mode)}`);
  } catch (error) {
    throw new Error(`${file} is in use (${error instanceof Error ? error.message : String(error)}); stop the API first`);
  } finally {
    database.close();
  }
}

/**
 * No instance runs on a restored store yet: the read-model leases the backup holds belong to processes that
 * wrote the original, and would only keep the restored store's first instance waiting for them to expire.
 */
function releaseLeases(file: string): void {
  const database = openSqlite(file, { fileMustExist: true });
  try {
    const leases = database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'read_model_leases'").get();
    if (leases) database.exec('DELETE FROM read_model_leases');
  } finally {
    database.close();
  }
}
