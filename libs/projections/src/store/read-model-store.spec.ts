import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CompiledQuery, sql } from 'kysely';
import { turnsDuring } from '../../../../tests/support/event-loop-turns.js';
import { openSqliteReadModels } from '../open-read-models.js';
import type { ReadModel } from '../read-model.js';

describe('building a generation’s indexes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gathers statistics the readers’ connection plans with at once, also when it gathered some before', async () => {
    const store = await openSqliteReadModels(join(dir, 'statistics.sqlite'));
    const model = { name: 'places', version: 1, tables: ['places'] };
    try {
      await store.database.transaction([], [CompiledQuery.raw('create table places_g1 (a integer, b integer)')]);
      // The first ANALYZE creates SQLite's statistics tables, a change of the schema every connection notices.
      await store.analyze(model, 1);
      // Every row has b = 1 and its own a: only statistics tell the planner that the index on a is the one.
      const rows = 'with recursive n(i) as (select 1 union all select i + 1 from n where i < 50000) select i, 1 from n';
      await store.database.transaction([], [
        CompiledQuery.raw(`insert into places_g1 ${rows}`),
        CompiledQuery.raw('create index places_g1_a on places_g1 (a)'),
        CompiledQuery.raw('create index places_g1_b on places_g1 (b)'),
      ]);
      // A query as the read side runs it (it notices a changed schema), then the plan of a statement not prepared before.
      const plan = async (a: number) => {
        await sql`select count(*) from places_g1`.execute(store.database.db);
        return (await sql<{ detail: string }>`explain query plan select * from places_g1 where b = 1 and a = ${sql.lit(a)}`.execute(store.database.db)).rows.map((row) => row.detail);
      };
      expect(await plan(1)).toEqual([expect.stringContaining('INDEX places_g1_b')]);
      await store.analyze(model, 1);
      expect(await plan(2)).toEqual([expect.stringContaining('INDEX places_g1_a')]);
    } finally {
      await store.close();
    }
  });

  /** A building generation 1 of `places` whose table holds `count` rows, and the lease of its holder. */
  async function places(file: string, count: number) {
    const store = await openSqliteReadModels(join(dir, file));
    const rows = `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) select i, hex(randomblob(16)) from n`;
    await store.database.transaction([], [CompiledQuery.raw('create table places_g1 (i integer, name text)'), CompiledQuery.raw(`insert into places_g1 ${rows}`)]);
    expect(await store.createGeneration('places', 1)).toBe(true);
    expect(await store.acquireLease('places', 1, 'holder', Date.now(), 60_000)).toBe(true);
    const model: Pick<ReadModel, 'name' | 'version' | 'tables' | 'createIndexes'> = {
      name: 'places',
      version: 1,
      tables: ['places'],
      createIndexes: (db, table) => db.schema.createIndex(`${table('places')}_name`).ifNotExists().on(table('places')).column('name').execute(),
    };
    const indexes = async () => (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'places_g1'`.execute(store.database.db)).rows;
    return { store, model, indexes };
  }

  it('builds them on the writer thread, so that requests are served while a large index is built on SQLite', async () => {
    const { store, model, indexes } = await places('read-models.sqlite', 200_000);
    try {
      expect((await store.generations('places'))[0].indexed).toBe(false);
      const { result, turns } = await turnsDuring(() => store.createIndexes(model, 1, 'holder'));
      expect(result).toBe(true);
      expect(turns).toBeGreaterThan(1);
      expect(await indexes()).toEqual([{ name: 'places_g1_name' }]);
      // Every instance reads from the registry that the readers' indexes are there.
      expect((await store.generations('places'))[0].indexed).toBe(true);
      // Asked again (a build interrupted after its last index), it finds them there.
      expect(await store.createIndexes(model, 1, 'holder')).toBe(true);
      expect(await indexes()).toEqual([{ name: 'places_g1_name' }]);
    } finally {
      await store.close();
    }
  });

  it('builds none for an instance without the lease, for one stopping, nor for a generation no longer building or live', async () => {
    const { store, model, indexes } = await places('fenced.sqlite', 10);
    try {
      expect(await store.createIndexes(model, 1, 'someone else')).toBe(false);
      // A stopping holder leaves before the next index, and the generation is not recorded as indexed.
      expect(await store.createIndexes(model, 1, 'holder', () => true)).toBe(false);
      expect((await store.generations('places'))[0].indexed).toBe(false);
      await store.retire('places', 1);
      expect(await store.createIndexes(model, 1, 'holder')).toBe(false);
      expect(await indexes()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
