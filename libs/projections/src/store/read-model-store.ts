import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { physicalTable, type ReadModel } from '../read-model.js';
import { compiledStatements } from './compiled-statements.js';
import { GenerationTablesPlugin } from './generation-tables.plugin.js';
import type { ReadModelDatabase } from './read-model-database.js';
import type { GenerationState, RegistryTables } from './registry-tables.js';

export interface Generation {
  readonly name: string;
  readonly generation: number;
  readonly version: number;
  readonly state: GenerationState;
  /** Global position of the last event applied to this generation (0 = none). */
  readonly position: number;
  readonly lastError: string | null;
  /** Whether its query indexes were created (`ReadModel.createIndexes`). */
  readonly indexed: boolean;
  readonly updatedAt: string;
}

type Model = Pick<ReadModel, 'name' | 'version' | 'tables'>;

const GENERATIONS = 'read_model_generations';

/**
 * The registry of read models and every write to them. Each generation has its own physical tables and
 * checkpoint; readers see the live one through views with the logical names. Every write is fenced: it
 * commits only if its generation is still building or live, its checkpoint is where the writer left it,
 * and the writer still holds the lease of the read model's version.
 */
export class ReadModelStore {
  private readonly generationDbs = new Map<string, Kysely<unknown>>();

  constructor(readonly database: ReadModelDatabase) {}

  close(): Promise<void> {
    return this.database.close();
  }

  /** Queries of the readers: logical table names are views of the live generations. */
  views<Tables>(): Kysely<Tables> {
    return this.db as unknown as Kysely<Tables>;
  }

  private get db(): Kysely<RegistryTables> {
    return this.database.db;
  }

  /** Every generation of a read model that still has tables, oldest first. */
  async generations(name: string): Promise<Generation[]> {
    const rows = await this.db.selectFrom(GENERATIONS).selectAll().where('name', '=', name).where('state', '<>', 'dropped').orderBy('generation').execute();
    return rows.map((row) => ({
      name: row.name,
      generation: row.generation,
      version: row.version,
      state: row.state,
      position: Number(row.position),
      lastError: row.last_error,
      indexed: row.indexed_at !== null,
      updatedAt: row.updated_at,
    }));
  }

  /**
   * Takes the lease of a read model's version, or renews it; false while another holder's lease runs.
   * `now` is the caller's clock: instances must agree on time to well within a lease.
   */
  async acquireLease(name: string, version: number, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const renew = this.db
      .updateTable('read_model_leases')
      .set({ holder, expires_at: now + ttlMs })
      .where('name', '=', name)
      .where('version', '=', version)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now)]));
    if (await this.changesRow(renew.compile())) return true;
    const take = this.db.insertInto('read_model_leases').values({ name, version, holder, expires_at: now + ttlMs }).onConflict((conflict) => conflict.doNothing());
    return this.changesRow(take.compile());
  }

  /** Gives the lease up at once, so that another instance takes over without waiting for it to expire. */
  async releaseLease(name: string, version: number, holder: string): Promise<void> {
    await this.changesRow(this.db.deleteFrom('read_model_leases').where('name', '=', name).where('version', '=', version).where('holder', '=', holder).compile());
  }

  /** Registers a new generation to build; false when one is already being built. */
  async createGeneration(name: string, version: number): Promise<boolean> {
    const last = await this.db.selectFrom(GENERATIONS).select((eb) => eb.fn.max('generation').as('last')).where('name', '=', name).executeTakeFirst();
    const now = this.now();
    const create = this.db
      .insertInto(GENERATIONS)
      .values({ name, generation: (last?.last ?? 0) + 1, version, state: 'building', position: 0, last_error: null, indexed_at: null, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.doNothing());
    return this.changesRow(create.compile());
  }

  /**
   * (Re)creates a building generation's tables, dropping what an interrupted preparation left, in one
   * transaction fenced like a commit: only by the lease holder, and only while the generation is building
   * at position 0 — once a batch is committed its rows are never dropped, whatever an instance's stale
   * reading of the registry says. False when refused.
   */
  async prepareTables(model: Model & Pick<ReadModel, 'createTables'>, generation: number, holder: string): Promise<boolean> {
    // New tables have no indexes yet, whatever an earlier preparation recorded.
    const fence = this.db
      .updateTable(GENERATIONS)
      .set({ updated_at: this.now(), indexed_at: null })
      .where('name', '=', model.name)
      .where('generation', '=', generation)
      .where('state', '=', 'building')
      .where('position', '=', 0)
      .where((eb) => eb.exists(this.leaseOf(model, holder)))
      .compile();
    const db = this.db as unknown as Kysely<unknown>;
    const drops = model.tables.map((table) => db.schema.dropTable(physicalTable(table, generation)).ifExists().compile());
    const creates = await compiledStatements(this.database.dialect, (recording) => model.createTables(recording, (logical) => physicalTable(logical, generation)));
    return this.database.transaction([fence], [...drops, ...creates]);
  }

  /**
   * Creates the indexes a generation's readers need that it lacks (see ReadModel.createIndexes), each in a
   * transaction of its own, and then records the generation as indexed. On SQLite they run on the writer's
   * thread, so that requests are served while a large generation's indexes are built (on this thread,
   * `goals` on a 200,000-event log held them for seconds). Each is fenced like a commit, so an instance that
   * lost the lease never touches tables another one may be dropping. False when refused, or when `stopping`
   * says so between two indexes (a shutdown waits for one index, not all).
   */
  async createIndexes(model: Model & Pick<ReadModel, 'createIndexes'>, generation: number, holder: string, stopping = () => false): Promise<boolean> {
    const statements = await compiledStatements(this.database.dialect, async (recording) => {
      await model.createIndexes?.(recording, (logical) => physicalTable(logical, generation));
    });
    for (const statement of statements) {
      if (stopping() || !(await this.database.transaction([this.ownedBy(model, generation, holder).compile()], [statement]))) return false;
    }
    return this.database.transaction([this.ownedBy(model, generation, holder, { indexed_at: this.now() }).compile()], [], { durable: true });
  }

  /** Queries against one generation's tables, under their logical names. */
  generationDb<Tables>(model: Model, generation: number): Kysely<Tables> {
    const key = `${model.name}\n${generation}`;
    let db = this.generationDbs.get(key);
    if (!db) this.generationDbs.set(key, (db = this.db.withPlugin(new GenerationTablesPlugin(model.tables, generation)) as unknown as Kysely<unknown>));
    return db as Kysely<Tables>;
  }

  /** Runs `writes` and moves the generation's checkpoint from `from` to `to`, atomically and fenced. */
  commit(model: Model, generation: number, from: number, to: number, holder: string, writes: readonly CompiledQuery[]): Promise<boolean> {
    const fence = this.ownedBy(model, generation, holder, { position: to, last_error: null }).where('position', '=', from);
    return this.database.transaction([fence.compile()], writes);
  }

  /** The fence of a write: changes the generation's row only while it is building or live and `holder` holds the lease. */
  private ownedBy(model: Model, generation: number, holder: string, also: { position?: number; last_error?: null; indexed_at?: string } = {}) {
    return this.db
      .updateTable(GENERATIONS)
      .set({ updated_at: this.now(), ...also })
      .where('name', '=', model.name)
      .where('generation', '=', generation)
      .where('state', 'in', ['building', 'live'])
      .where((eb) => eb.exists(this.leaseOf(model, holder)));
  }

  /**
   * Makes a building generation live and points the views at its tables, in one transaction. The live
   * one it replaces must not be ahead of it, so read-your-writes never goes backwards.
   */
  swap(model: Model, next: number, previous: number | undefined, holder: string): Promise<boolean> {
    const now = this.now();
    const retire = this.db
      .updateTable(GENERATIONS)
      .set({ state: 'retired', updated_at: now })
      .where('name', '=', model.name)
      .where('generation', '=', previous ?? -1)
      .where('state', '=', 'live')
      .where('position', '<=', (eb) =>
        eb.selectFrom(`${GENERATIONS} as next`).select('next.position').where('next.name', '=', model.name).where('next.generation', '=', next),
      )
      .compile();
    const promote = this.db
      .updateTable(GENERATIONS)
      .set({ state: 'live', updated_at: now })
      .where('name', '=', model.name)
      .where('generation', '=', next)
      .where('state', '=', 'building')
      .where((eb) => eb.exists(this.leaseOf(model, holder)))
      .compile();
    const views = model.tables.flatMap((table) => [
      this.db.schema.dropView(table).ifExists().compile(),
      this.db.schema.createView(table).as(this.anyTable.selectFrom(physicalTable(table, next)).selectAll()).compile(),
    ]);
    // The old generation is retired first: the registry allows one live generation per read model.
    return this.database.transaction(previous === undefined ? [promote] : [retire, promote], views);
  }

  /** Abandons a building generation (a newer version replaces it); its tables are dropped later. */
  async retire(name: string, generation: number): Promise<void> {
    await this.changesRow(
      this.db.updateTable(GENERATIONS).set({ state: 'retired', updated_at: this.now() }).where('name', '=', name).where('generation', '=', generation).where('state', '=', 'building').compile(),
    );
  }

  /** Drops a retired generation's tables. */
  drop(model: Model, generation: number): Promise<boolean> {
    const guard = this.db
      .updateTable(GENERATIONS)
      .set({ state: 'dropped', updated_at: this.now() })
      .where('name', '=', model.name)
      .where('generation', '=', generation)
      .where('state', '=', 'retired')
      .compile();
    const drops = model.tables.map((table) => this.db.schema.dropTable(physicalTable(table, generation)).ifExists().compile());
    return this.database.transaction([guard], drops);
  }

  /** Shows a failure to every instance, until the next successful commit clears it. */
  async recordError(name: string, generation: number, message: string): Promise<void> {
    await this.changesRow(this.db.updateTable(GENERATIONS).set({ last_error: message }).where('name', '=', name).where('generation', '=', generation).compile());
  }

  /** Gathers planner statistics for a freshly built generation, so that its indexes are used. */
  async analyze(model: Model, generation: number): Promise<void> {
    for (const table of model.tables) await this.database.transaction([], [sql`analyze ${sql.table(physicalTable(table, generation))}`.compile(this.db)]);
    if (this.database.dialect === 'sqlite') {
      // The readers' connection keeps the statistics it loaded with the schema until the schema changes,
      // and ANALYZE on the writer's connection is no such change: a view created and dropped again is.
      const view = sql.table(`${physicalTable(model.name, generation)}_statistics`);
      await this.database.transaction([], [sql`create view ${view} as select 1`.compile(this.db), sql`drop view ${view}`.compile(this.db)]);
    }
  }

  /**
   * Runs one write in a transaction of its own; true when it changed a row. Every write of the read models
   * goes through `transaction`: on SQLite that is the writer's thread, so that this thread never waits for
   * SQLite's write lock while the writer commits a batch.
   */
  private changesRow(write: CompiledQuery): Promise<boolean> {
    return this.database.transaction([write], [], { durable: true });
  }

  private leaseOf({ name, version }: Model, holder: string) {
    return this.db.selectFrom('read_model_leases').select('holder').where('name', '=', name).where('version', '=', version).where('holder', '=', holder);
  }

  /** Table names only known at run time (a generation's physical tables). */
  private get anyTable(): Kysely<Record<string, Record<string, unknown>>> {
    return this.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  }

  private now(): string {
    return new Date().toISOString();
  }
}
