import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqlite } from '#event-store';
import { describeDatabase, embeddedStoreFile, runTool } from './sqlite-file.js';

/**
 * `npm run backup -- <file>`: an online backup of the embedded store, taken with SQLite's backup API while
 * the API keeps writing. The copy is one consistent snapshot of log and read models together.
 */
runTool('backup', async () => {
  const target = process.argv[2];
  if (!target) throw new Error('usage: npm run backup -- <backup file>');
  if (existsSync(target)) throw new Error(`${target} exists; a backup goes to a new file`);
  const source = openSqlite(embeddedStoreFile(process.env), { fileMustExist: true, readonly: true });
  try {
    // After the first step, copy everything left in one step: in WAL mode that reads one snapshot without
    // blocking the API's writes, where small steps would restart each time the API commits.
    await source.backup(target, { progress: ({ remainingPages }) => remainingPages });
  } finally {
    source.close();
  }
  const { events, head } = describeDatabase(target);
  return `backed up ${events} events (log up to position ${head}) with the read models to ${resolve(target)}`;
});
