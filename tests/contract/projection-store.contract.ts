import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from '@jest/globals';
import { insertRows, upsertRows } from '#projections';
import type { Backend, Instance } from '../support/runner-harness.js';
import { HOLDER, HOUR, place, places, placesOn, type PlacesTables } from './projection-places.js';
import { readModelQueryPlans } from './projection-query-plans.js';

const model = places();

/** The contract the read-model store passes unchanged on SQLite and PostgreSQL. */
export function readModelStoreContract(name: string, backend: Backend): void {
  describe(`the read-model store on ${name}`, () => {
    const opened: Instance[] = [];
    const open = async (sameDatabaseAs?: Instance) => {
      const instance = await backend.connect(sameDatabaseAs?.database ?? backend.newDatabase());
      opened.push(instance);
      return instance;
    };
    const placesStore = async () => {
      const p = placesOn((await open()).store);
      expect(await p.lease()).toBe(true);
      return p;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((instance) => instance.close()));
    });

    it('creates its registry when several instances open a fresh database at the same moment, and keeps it when reopened', async () => {
      const database = backend.newDatabase();
      const first = await Promise.all([backend.connect(database), backend.connect(database), backend.connect(database)]);
      opened.push(...first);
      expect(await first[0].store.generations('places')).toEqual([]);
      opened.push(await backend.connect(database));
    });

    it('counts the generations of a registry from before as indexed when it migrates it, except those still being built', async () => {
      const before = await open();
      const raw = (instance: Instance, ...statements: string[]) => instance.store.database.transaction([], statements.map((statement) => CompiledQuery.raw(statement)));
      const register = (name: string, generation: number, state: string) =>
        `insert into read_model_generations (name, generation, version, state, position, last_error, created_at, updated_at) values ('${name}', ${generation}, 1, '${state}', 0, null, 'then', 'then')`;
      // The registry as the release before left it: no indexed_at, and no record of the migration adding it.
      await raw(
        before,
        'alter table read_model_generations drop column indexed_at',
        "delete from read_model_migrations where name = '0002-generation-indexed'",
        register('places', 1, 'live'),
        register('places', 2, 'building'),
      );
      const upgraded = await open(before);
      expect((await upgraded.store.generations('places')).map((g) => [g.state, g.indexed])).toEqual([
        ['live', true],
        ['building', false],
      ]);
      // An instance of the release before, still running during the upgrade, registers one as it always did
      // (and indexes it before its swap).
      await raw(before, register('roads', 1, 'building'));
      expect((await upgraded.store.generations('roads')).map((g) => g.indexed)).toEqual([true]);
    });

    it('grants the lease of a read model version to one holder at a time, until it runs out or is given up', async () => {
      const { store } = await open();
      expect(await store.acquireLease('places', 1, 'a', 1000, 100)).toBe(true);
      expect(await store.acquireLease('places', 1, 'b', 1050, 100)).toBe(false);
      expect(await store.acquireLease('places', 1, 'a', 1060, 100)).toBe(true);
      expect(await store.acquireLease('places', 1, 'b', 1159, 100)).toBe(false);
      expect(await store.acquireLease('places', 1, 'b', 1161, 100)).toBe(true);
      expect(await store.acquireLease('places', 1, 'a', 1162, 100)).toBe(false);
      expect(await store.acquireLease('places', 2, 'a', 1162, 100)).toBe(true);
      await store.releaseLease('places', 1, 'b');
      expect(await store.acquireLease('places', 1, 'a', 1163, 100)).toBe(true);
    });

    it('registers one building generation at a time, each numbered after the last', async () => {
      const p = await placesStore();
      expect(await p.store.createGeneration('places', 1)).toBe(true);
      expect(await Promise.all([p.store.createGeneration('places', 1), p.store.createGeneration('places', 2)])).toEqual([false, false]);
      expect(await p.store.generations('places')).toEqual([
        { name: 'places', generation: 1, version: 1, state: 'building', position: 0, lastError: null, indexed: false, updatedAt: expect.any(String) },
      ]);
      expect(await p.store.prepareTables(model, 1, HOLDER)).toBe(true);
      expect(await p.store.swap(model, 1, undefined, HOLDER)).toBe(true);
      expect(await p.store.createGeneration('places', 1)).toBe(true);
      expect((await p.store.generations('places')).map((g) => [g.generation, g.state])).toEqual([[1, 'live'], [2, 'building']]);
    });

    it('prepares a generation\'s tables afresh at position 0, without what an interrupted preparation left in them', async () => {
      const p = await placesStore();
      const generation = await p.next();
      // Rows that moved no checkpoint stand for whatever an earlier preparation left behind.
      expect(await p.store.database.transaction([], p.writes(generation, [place('left-over')]))).toBe(true);
      expect(await p.store.prepareTables(model, generation, HOLDER)).toBe(true);
      expect(await p.rowsOf(generation)).toEqual([]);
    });

    it('never prepares a generation again once a batch is committed to it, once it is live, or for an instance without the lease', async () => {
      const p = await placesStore();
      const committed = await p.next();
      expect(await p.store.commit(model, committed, 0, 5, HOLDER, p.writes(committed, [place('applied')]))).toBe(true);
      expect(await p.store.prepareTables(model, committed, HOLDER)).toBe(false);
      expect(await p.rowsOf(committed)).toEqual(['applied']);
      const p2 = await placesStore();
      const live = await p2.live([], 0);
      expect(await p2.store.prepareTables(model, live, HOLDER)).toBe(false);
      expect(await p2.store.createGeneration('places', 1)).toBe(true);
      const building = Math.max(...(await p2.store.generations('places')).map((g) => g.generation));
      expect(await p2.store.prepareTables(model, building, 'instance-b')).toBe(false);
      expect(await p2.store.prepareTables(model, building, HOLDER)).toBe(true);
    });

    it('commits the writes and moves the checkpoint together', async () => {
      const p = await placesStore();
      const generation = await p.live([place('a')]);
      expect(await p.store.commit(model, generation, 10, 17, HOLDER, p.writes(generation, [place('b'), place('c')]))).toBe(true);
      expect(await p.state(generation)).toMatchObject({ state: 'live', position: 17 });
      expect(await p.visible()).toEqual(['a', 'b', 'c']);
      expect(await p.store.commit(model, generation, 17, 20, HOLDER, [])).toBe(true);
      expect(await p.state(generation)).toMatchObject({ position: 20 });
    });

    it('refuses a commit from a stale checkpoint, from a holder without the lease, or to a retired generation, writing nothing', async () => {
      const p = await placesStore();
      const old = await p.live([place('a')]);
      expect(await p.store.commit(model, old, 5, 20, HOLDER, p.writes(old, [place('stale')]))).toBe(false);
      expect(await p.store.commit(model, old, 10, 20, 'instance-b', p.writes(old, [place('no-lease')]))).toBe(false);
      const current = await p.next();
      expect(await p.store.commit(model, current, 0, 10, HOLDER, [])).toBe(true);
      expect(await p.store.swap(model, current, old, HOLDER)).toBe(true);
      expect(await p.store.commit(model, old, 10, 20, HOLDER, p.writes(old, [place('retired')]))).toBe(false);
      expect(await p.rowsOf(old)).toEqual(['a']);
      expect(await p.state(old)).toMatchObject({ state: 'retired', position: 10 });
    });

    it('refuses the commit of a holder whose lease another instance took over', async () => {
      const p = await placesStore();
      const generation = await p.live([place('a')]);
      expect(await p.store.acquireLease('places', 1, 'instance-b', Date.now() + 2 * HOUR, HOUR)).toBe(true);
      expect(await p.store.commit(model, generation, 10, 11, HOLDER, p.writes(generation, [place('late')]))).toBe(false);
      expect(await p.store.commit(model, generation, 10, 11, 'instance-b', p.writes(generation, [place('b')]))).toBe(true);
      expect(await p.visible()).toEqual(['a', 'b']);
    });

    it('writes neither rows nor checkpoint when a write fails halfway', async () => {
      const p = await placesStore();
      const generation = await p.live([place('a')]);
      const failing = [...p.writes(generation, [place('b')]), ...p.writes(generation, [place('a')])];
      // Matched by message: errors of the native SQLite driver come from another realm than the test's.
      await expect(p.store.commit(model, generation, 10, 11, HOLDER, failing)).rejects.toHaveProperty('message', expect.stringMatching(/unique|duplicate/i));
      expect(await p.state(generation)).toMatchObject({ position: 10 });
      expect(await p.visible()).toEqual(['a']);
    });

    it('lets exactly one of two commits from the same checkpoint through, from two instances', async () => {
      const p = await placesStore();
      const generation = await p.live();
      const other = placesOn((await open(opened[0])).store);
      const outcomes = await Promise.all([
        p.store.commit(model, generation, 10, 11, HOLDER, p.writes(generation, [place('x')])),
        other.store.commit(model, generation, 10, 12, HOLDER, other.writes(generation, [place('y')])),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await p.visible()).toEqual([outcomes[0] ? 'x' : 'y']);
      expect(await p.state(generation)).toMatchObject({ position: outcomes[0] ? 11 : 12 });
    });

    it('swaps the views to a caught-up generation in one step and refuses one that is behind the live one', async () => {
      const p = await placesStore();
      const old = await p.live([place('old')], 10);
      const next = await p.next();
      expect(await p.store.commit(model, next, 0, 9, HOLDER, p.writes(next, [place('new')]))).toBe(true);
      expect(await p.store.swap(model, next, old, HOLDER)).toBe(false);
      expect(await p.visible()).toEqual(['old']);
      expect(await p.store.commit(model, next, 9, 10, HOLDER, [])).toBe(true);
      expect(await p.store.swap(model, next, old, 'instance-b')).toBe(false);
      expect(await p.store.swap(model, next, old, HOLDER)).toBe(true);
      expect(await p.visible()).toEqual(['new']);
      expect((await p.store.generations('places')).map((g) => [g.generation, g.state])).toEqual([[old, 'retired'], [next, 'live']]);
    });

    it('shows readers all of one generation or all of the next while it swaps, never a mix or nothing', async () => {
      const p = await placesStore();
      const reader = (await open(opened[0])).store.views<PlacesTables>();
      const rows = (tag: number) => Array.from({ length: 200 }, (_, i) => place(`${tag}-${String(i).padStart(3, '0')}`, tag));
      let live = await p.live(rows(1), 10);
      const observed = new Set<string>();
      let swapping = true;
      const reading = (async () => {
        while (swapping) {
          const seen = await reader.selectFrom('places').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.min('n').as('low'), eb.fn.max('n').as('high')]).executeTakeFirstOrThrow();
          observed.add(`${Number(seen.rows)} rows of ${seen.low}..${seen.high}`);
          // A reader is a request of its own: on SQLite a read never leaves this thread, and a loop of
          // them that never gave the event loop a turn would never let the writer thread's replies in.
          await eventLoopTurn();
        }
      })();
      for (let tag = 2; tag <= 6; tag++) {
        const next = await p.next();
        expect(await p.store.commit(model, next, 0, 10, HOLDER, p.writes(next, rows(tag)))).toBe(true);
        expect(await p.store.swap(model, next, live, HOLDER)).toBe(true);
        expect(await p.store.drop(model, live)).toBe(true);
        live = next;
      }
      swapping = false;
      await reading;
      expect([...observed].every((line) => /^200 rows of (\d)\.\.\1$/.test(line))).toBe(true);
      expect(observed.has('200 rows of 6..6')).toBe(true);
    });

    it('drops the tables of a retired generation and never those of a live one', async () => {
      const p = await placesStore();
      const old = await p.live([place('a')]);
      expect(await p.store.drop(model, old)).toBe(false);
      expect(await p.visible()).toEqual(['a']);
      const next = await p.next();
      expect(await p.store.commit(model, next, 0, 10, HOLDER, [])).toBe(true);
      expect(await p.store.swap(model, next, old, HOLDER)).toBe(true);
      expect(await p.store.drop(model, old)).toBe(true);
      await expect(p.rowsOf(old)).rejects.toHaveProperty('message', expect.stringMatching(/no such table|does not exist/));
      expect((await p.store.generations('places')).map((g) => g.generation)).toEqual([next]);
    });

    it('shows a recorded error until the next commit clears it', async () => {
      const p = await placesStore();
      const generation = await p.live();
      await p.store.recordError('places', generation, 'disk full');
      expect(await p.state(generation)).toMatchObject({ lastError: 'disk full' });
      expect(await p.store.commit(model, generation, 10, 11, HOLDER, [])).toBe(true);
      expect(await p.state(generation)).toMatchObject({ lastError: null });
    });

    it('inserts and upserts more rows than one statement can bind', async () => {
      const p = await placesStore();
      const generation = await p.live();
      const db = p.store.generationDb<PlacesTables>(model, generation);
      const many = Array.from({ length: 12_000 }, (_, i) => place(`k${String(i).padStart(5, '0')}`, i));
      expect(await p.store.commit(model, generation, 10, 11, HOLDER, insertRows(db, 'places', many))).toBe(true);
      const changed = many.map((row) => ({ ...row, status: 'implemented' }));
      expect(await p.store.commit(model, generation, 11, 12, HOLDER, upsertRows(db, 'places', ['key'], changed))).toBe(true);
      const counts = await p.store.views<PlacesTables>().selectFrom('places').select(['status', (eb) => eb.fn.countAll<number>().as('rows')]).groupBy('status').execute();
      expect(counts.map((row) => [row.status, Number(row.rows)])).toEqual([['implemented', 12_000]]);
    });

    it('orders text keys by their bytes on both dialects, as keyset pagination needs', async () => {
      const p = await placesStore();
      const keys = ['b', 'B', 'a', 'A', 'aa', 'a-1', 'a_1', 'Z9', 'z', '0', '10', '9', '01', 'kreis-unna', 'Kreis-Unna', 'ä', 'é', '€', '~', 'goal-7', 'goal-10'];
      await p.live(keys.map((key) => place(key)));
      const byteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(await p.visible()).toEqual(byteOrder);
      const after = await p.store.views<PlacesTables>().selectFrom('places').select('key').where('key', '>', 'a-1').orderBy('key').execute();
      expect(after.map((row) => row.key)).toEqual(byteOrder.slice(byteOrder.indexOf('a-1') + 1));
    });

    readModelQueryPlans(backend.dialect, () => open());
  });
}
