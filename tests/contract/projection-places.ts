import { expect } from '@jest/globals';
import { byteOrderedText, insertRows, type ReadModel, type ReadModelStore } from '#projections';

export interface PlacesTables {
  places: { key: string; municipality: string; status: string; n: number };
}

/** A read model to exercise the store with; its rows are written directly. */
export function places(version = 1): ReadModel<PlacesTables> {
  return {
    name: 'places',
    version,
    tables: ['places'],
    handles: () => true,
    async createTables(db, table) {
      await db.schema
        .createTable(table('places'))
        .addColumn('key', byteOrderedText(db), (column) => column.primaryKey())
        .addColumn('municipality', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('n', 'integer', (column) => column.notNull())
        .execute();
    },
    apply: async () => [],
  };
}

export const HOLDER = 'instance-a';
export const HOUR = 3_600_000;
const model = places();
export const place = (key: string, n = 0, municipality = 'kreis-unna', status = 'agreed') => ({ key, municipality, status, n });

/** The store as one API instance sees it, with helpers for the generations of `places`. */
export function placesOn(store: ReadModelStore) {
  const writes = (generation: number, rows: PlacesTables['places'][]) => insertRows(store.generationDb<PlacesTables>(model, generation), 'places', rows);
  return {
    store,
    writes,
    lease: (holder = HOLDER) => store.acquireLease('places', 1, holder, Date.now(), HOUR),
    /** Registers, prepares and returns the next generation (building). */
    async next(): Promise<number> {
      expect(await store.createGeneration('places', 1)).toBe(true);
      const generation = Math.max(...(await store.generations('places')).map((g) => g.generation));
      expect(await store.prepareTables(model, generation, HOLDER)).toBe(true);
      return generation;
    },
    /** A live generation holding `rows` at checkpoint `position`. */
    async live(rows: PlacesTables['places'][] = [], position = 10): Promise<number> {
      const generation = await this.next();
      expect(await store.swap(model, generation, undefined, HOLDER)).toBe(true);
      if (position > 0) expect(await store.commit(model, generation, 0, position, HOLDER, writes(generation, rows))).toBe(true);
      return generation;
    },
    /** What readers see: the live generation through the views. */
    visible: async () => (await store.views<PlacesTables>().selectFrom('places').selectAll().orderBy('key').execute()).map((row) => row.key),
    rowsOf: async (generation: number) =>
      (await store.generationDb<PlacesTables>(model, generation).selectFrom('places').selectAll().orderBy('key').execute()).map((row) => row.key),
    state: async (generation: number) => (await store.generations('places')).find((g) => g.generation === generation),
  };
}
