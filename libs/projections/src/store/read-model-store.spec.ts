import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CompiledQuery, sql } from 'kysely';
import { turnsDuring } from '../../../../tests/support/event-loop-turns.js';
import { openSqliteReadModels } from '../open-read-models.js';

describe('building a generation’s indexes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds them on the writer thread, so that requests are served while a large index is built on SQLite', async () => {
    const store = await openSqliteReadModels(join(dir, 'read-models.sqlite'));
    try {
      const rows = 'with recursive n(i) as (select 1 union all select i + 1 from n where i < 200000) select i, hex(randomblob(16)) from n';
      await store.database.transaction([], [CompiledQuery.raw('create table places_g1 (i integer, name text)'), CompiledQuery.raw(`insert into places_g1 ${rows}`)]);
      const { turns } = await turnsDuring(() =>
        store.createIndexes({ createIndexes: (db, table) => db.schema.createIndex(`${table('places')}_name`).on(table('places')).column('name').execute() }, 1),
      );
      expect(turns).toBeGreaterThan(1);
      const index = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'places_g1'`.execute(store.database.db);
      expect(index.rows).toEqual([{ name: 'places_g1_name' }]);
    } finally {
      await store.close();
    }
  });
});
