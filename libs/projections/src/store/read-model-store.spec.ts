import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { sql, type Kysely } from 'kysely';
import { openSqliteReadModels } from '../open-read-models.js';

describe('building a generation’s indexes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the event loop a turn after each statement, so that requests are served between them on SQLite', async () => {
    const store = await openSqliteReadModels(join(dir, 'read-models.sqlite'));
    try {
      const turns: number[] = [];
      let served = 0;
      const statement = async (db: Kysely<unknown>) => {
        await sql`select 1`.execute(db);
        turns.push(served);
      };
      // A request waiting while the indexes are built: it is served at the next turn of the event loop.
      const request = () => setImmediate(() => (served += 1));
      await store.createIndexes(
        {
          createIndexes: async (db) => {
            request();
            await statement(db);
            request();
            await statement(db);
          },
        },
        1,
      );
      expect(turns).toEqual([1, 2]);
    } finally {
      await store.close();
    }
  });
});
