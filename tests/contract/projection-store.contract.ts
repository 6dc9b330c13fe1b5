import { afterEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '#event-store';
import type { Projection, ProjectionStore, StoredDocument } from '#projections';
import { newEvents, streamName } from '../support/events.js';

export interface ProjectionStorePair {
  readonly events: EventStore;
  readonly projections: ProjectionStore;
  close(): Promise<void>;
}

export interface ProjectionStoreHarness {
  /** A fresh, empty event store and projection store on one database. */
  open(): Promise<ProjectionStorePair>;
}

interface Place {
  readonly municipalityId: string;
  readonly status: string;
  readonly phaseId: string;
  readonly note?: unknown;
}

function placesProjection(name: string, version = 1): Projection<Place> {
  return { name, version, filterable: ['municipalityId', 'status', 'phaseId'], keyOf: () => undefined, evolve: (doc) => doc };
}

const place = (municipalityId: string, status: string, phaseId = 'model'): Place => ({ municipalityId, status, phaseId });

/** Keys in byte order of their UTF-8 encoding, which both adapters promise for keyset pagination. */
const byteOrder = (keys: readonly string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

/** The one contract every ProjectionStore adapter passes unchanged. */
export function projectionStoreContract(name: string, harness: ProjectionStoreHarness): void {
  describe(`${name} honours the ProjectionStore contract`, () => {
    const open: ProjectionStorePair[] = [];
    const openStore = async () => {
      const pair = await harness.open();
      open.push(pair);
      return pair.projections;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((pair) => pair.close()));
    });

    const goals = placesProjection('goals');
    const other = placesProjection('other-goals');
    const keysOf = (found: StoredDocument[]) => found.map((stored) => stored.key);

    async function seeded(documents: Record<string, Place>): Promise<ProjectionStore> {
      const store = await openStore();
      await store.prepare(goals);
      await store.prepare(other);
      expect(await store.commit(goals, 0, 10, new Map(Object.entries(documents)))).toBe(true);
      expect(await store.commit(other, 0, 10, new Map(Object.entries(documents)))).toBe(true);
      return store;
    }

    it('prepares a new projection with a checkpoint at 0, even when the log already holds events', async () => {
      const pair = await harness.open();
      open.push(pair);
      await pair.events.append(streamName(), newEvents(3), 'no-stream');
      const prepared = await pair.projections.prepare(goals);
      expect(prepared).toEqual({ name: 'goals', version: 1, position: 0, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
      expect(await pair.projections.checkpoint('goals')).toEqual(prepared);
      expect(await pair.projections.checkpoint('unknown')).toBeUndefined();
      await pair.projections.prepare(other);
      expect((await pair.projections.checkpoints()).map((c) => [c.name, c.position])).toEqual([['goals', 0], ['other-goals', 0]]);
    });

    it('keeps documents and checkpoint when prepared again at the same version', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed') });
      expect(await store.prepare(goals)).toMatchObject({ version: 1, position: 10 });
      expect(await store.get('goals', 'a')).toEqual(place('kreis-unna', 'agreed'));
    });

    it('empties the read model and resets the checkpoint when the projection version changed', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed'), b: place('kreis-soest', 'agreed') });
      expect(await store.prepare(placesProjection('goals', 2))).toMatchObject({ name: 'goals', version: 2, position: 0 });
      expect(await store.checkpoint('goals')).toMatchObject({ version: 2, position: 0 });
      expect(await store.find('goals', { where: {}, limit: 10 })).toEqual([]);
      expect(await store.get('goals', 'a')).toBeUndefined();
      expect(keysOf(await store.find('other-goals', { where: {}, limit: 10 }))).toEqual(['a', 'b']);
    });

    it('leaves a newer version alone when an older one is prepared, and refuses the older one\'s commits', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed') });
      const newer = placesProjection('goals', 2);
      await store.prepare(newer);
      expect(await store.commit(newer, 0, 5, new Map([['n', place('kreis-hamm', 'agreed')]]))).toBe(true);

      expect(await store.prepare(goals)).toMatchObject({ name: 'goals', version: 2, position: 5 });
      expect(await store.commit(goals, 5, 6, new Map([['o', place('kreis-unna', 'agreed')]]))).toBe(false);
      expect(keysOf(await store.find('goals', { where: {}, limit: 10 }))).toEqual(['n']);
      expect(await store.checkpoint('goals')).toMatchObject({ version: 2, position: 5 });
    });

    it('prepares the same projection from two callers at once', async () => {
      const store = await openStore();
      // A store that has been busy: both callers find a connection ready, so their work overlaps.
      await Promise.all([store.checkpoints(), store.checkpoints(), store.checkpoints()]);
      const results = await Promise.allSettled([store.prepare(goals), store.prepare(goals)]);
      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : result.status))).toEqual(['fulfilled', 'fulfilled']);
      expect(await store.checkpoints()).toEqual([expect.objectContaining({ name: 'goals', position: 0 })]);
    });

    it('commits documents and moves the checkpoint together, replacing a stored document', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed') });
      const documents = new Map<string, object>([
        ['a', { ...place('kreis-unna', 'in_progress'), note: { text: 'Müssingen, Einen & Milte "zitiert" \\ ok', list: [1, null] } }],
        ['b', place('kreis-dueren', 'agreed')],
      ]);
      expect(await store.commit(goals, 10, 17, documents)).toBe(true);
      expect(await store.checkpoint('goals')).toMatchObject({ position: 17 });
      expect(await store.get('goals', 'a')).toEqual(documents.get('a'));
      expect(await store.get('goals', 'b')).toEqual(place('kreis-dueren', 'agreed'));
      expect(await store.get('other-goals', 'a')).toEqual(place('kreis-unna', 'agreed'));
    });

    it('moves the checkpoint without documents', async () => {
      const store = await seeded({});
      expect(await store.commit(goals, 10, 12, new Map())).toBe(true);
      expect(await store.checkpoint('goals')).toMatchObject({ position: 12 });
    });

    it('refuses a commit from a stale checkpoint and writes nothing', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed') });
      const stale = new Map<string, object>([['a', place('kreis-unna', 'discontinued')], ['c', place('kreis-soest', 'agreed')]]);
      expect(await store.commit(goals, 5, 20, stale)).toBe(false);
      expect(await store.checkpoint('goals')).toMatchObject({ position: 10 });
      expect(await store.get('goals', 'a')).toEqual(place('kreis-unna', 'agreed'));
      expect(await store.get('goals', 'c')).toBeUndefined();
    });

    it('lets exactly one of two commits from the same checkpoint through', async () => {
      const store = await seeded({});
      const outcomes = await Promise.all([
        store.commit(goals, 10, 11, new Map([['x', place('kreis-unna', 'agreed')]])),
        store.commit(goals, 10, 12, new Map([['y', place('kreis-unna', 'agreed')]])),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = outcomes[0] ? { position: 11, key: 'x' } : { position: 12, key: 'y' };
      expect(await store.checkpoint('goals')).toMatchObject({ position: winner.position });
      expect(keysOf(await store.find('goals', { where: {}, limit: 10 }))).toEqual([winner.key]);
    });

    it('writes neither documents nor checkpoint when a commit fails halfway', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed') });
      const unserialisable = { ...place('kreis-unna', 'agreed'), note: 1n };
      const documents = new Map<string, object>([['a', place('kreis-unna', 'implemented')], ['z', unserialisable]]);
      await expect(store.commit(goals, 10, 11, documents)).rejects.toThrow();
      expect(await store.checkpoint('goals')).toMatchObject({ position: 10 });
      expect(await store.get('goals', 'a')).toEqual(place('kreis-unna', 'agreed'));
      expect(await store.get('goals', 'z')).toBeUndefined();
    });

    it('loads only the asked keys of the asked projection', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed'), b: place('kreis-soest', 'agreed'), c: place('stadt-hamm', 'agreed') });
      await store.commit(other, 10, 11, new Map([['d', place('kreis-dueren', 'agreed')]]));
      const loaded = await store.load('goals', ['c', 'a', 'd', 'missing']);
      expect([...loaded.keys()].sort()).toEqual(['a', 'c']);
      expect(loaded.get('c')).toEqual(place('stadt-hamm', 'agreed'));
      expect((await store.load('goals', [])).size).toBe(0);
    });

    it('gets a document by key and nothing for an unknown key or another projection', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed') });
      await store.commit(other, 10, 11, new Map([['only-other', place('kreis-dueren', 'agreed')]]));
      expect(await store.get('goals', 'a')).toEqual(place('kreis-unna', 'agreed'));
      expect(await store.get('goals', 'missing')).toBeUndefined();
      expect(await store.get('goals', 'only-other')).toBeUndefined();
    });

    describe('finding documents', () => {
      const documents = {
        g1: place('kreis-warendorf', 'agreed', 'model'),
        g2: place('kreis-warendorf', 'in_progress', 'model'),
        g3: place('kreis-warendorf', 'agreed', 'transfer'),
        g4: place('kreis-dueren', 'agreed', 'model'),
        g5: place('kreis-unna', 'implemented', 'transfer'),
      };

      it('finds every document of the projection in key order without filters', async () => {
        const store = await seeded(documents);
        await store.commit(other, 10, 11, new Map([['g0', place('kreis-soest', 'agreed')]]));
        const found = await store.find('goals', { where: {}, limit: 10 });
        expect(keysOf(found)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
        expect(found[4]).toEqual({ key: 'g5', document: documents.g5 });
      });

      it('filters on one field', async () => {
        const store = await seeded(documents);
        expect(keysOf(await store.find('goals', { where: { municipalityId: 'kreis-warendorf' }, limit: 10 }))).toEqual(['g1', 'g2', 'g3']);
      });

      it('filters on several fields at once', async () => {
        const store = await seeded(documents);
        const where = { municipalityId: 'kreis-warendorf', status: 'agreed', phaseId: 'model' };
        expect(keysOf(await store.find('goals', { where, limit: 10 }))).toEqual(['g1']);
        expect(keysOf(await store.find('goals', { where: { status: 'agreed', phaseId: 'model' }, limit: 10 }))).toEqual(['g1', 'g4']);
      });

      it('finds nothing when no document matches', async () => {
        const store = await seeded(documents);
        expect(await store.find('goals', { where: { municipalityId: 'kreis-soest' }, limit: 10 })).toEqual([]);
        expect(await store.find('goals', { where: { municipalityId: 'kreis-unna', status: 'agreed' }, limit: 10 })).toEqual([]);
        expect(await store.find('goals', { where: {}, afterKey: 'g5', limit: 10 })).toEqual([]);
      });

      it('pages through more documents than one page in byte order of the keys', async () => {
        const keys = ['b', 'B', 'a', 'A', 'aa', 'a-1', 'a_1', 'Z9', 'z', '0', '10', '9', '01', 'kreis-unna', 'Kreis-Unna', 'ä', 'é', '€', '~', 'goal-7', 'goal-10', 'goal-1'];
        const store = await seeded(Object.fromEntries(keys.map((key, i) => [key, place('kreis-unna', i % 3 === 0 ? 'agreed' : 'in_progress')])));
        const pages: string[][] = [];
        for (let afterKey: string | undefined; ; ) {
          const page = keysOf(await store.find('goals', { where: {}, afterKey, limit: 5 }));
          if (page.length === 0) break;
          pages.push(page);
          afterKey = page[page.length - 1];
        }
        expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 2]);
        expect(pages.flat()).toEqual(byteOrder(keys));
        const agreed = keys.filter((_, i) => i % 3 === 0);
        const first = keysOf(await store.find('goals', { where: { status: 'agreed' }, limit: 4 }));
        const rest = keysOf(await store.find('goals', { where: { status: 'agreed' }, afterKey: first[3], limit: 4 }));
        expect([...first, ...rest]).toEqual(byteOrder(agreed));
      });
    });

    it('resets a read model to empty at checkpoint 0, leaving other projections alone', async () => {
      const store = await seeded({ a: place('kreis-unna', 'agreed'), b: place('kreis-soest', 'agreed') });
      await store.reset(goals);
      expect(await store.checkpoint('goals')).toMatchObject({ version: 1, position: 0 });
      expect(await store.find('goals', { where: {}, limit: 10 })).toEqual([]);
      expect((await store.load('goals', ['a', 'b'])).size).toBe(0);
      expect(await store.checkpoint('other-goals')).toMatchObject({ position: 10 });
      expect(keysOf(await store.find('other-goals', { where: {}, limit: 10 }))).toEqual(['a', 'b']);
    });
  });
}
