import { resolve } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { APPEND_COUNTERS, appendsWaiting, openSqlite, sqliteDriverPath } from '#event-store';
import type { ReadModelDatabase } from './read-model-database.js';
import { migrateRegistry } from './registry-migrations.js';
import type { RegistryTables } from './registry-tables.js';
import { SqliteWriter } from './sqlite-writer.js';

/** Enough for every distinct query of the read side; the oldest is dropped beyond it. */
const CACHED_STATEMENTS = 100;

/**
 * Migrations of each file in this process, one after another. The migrator's transaction spans awaits;
 * a second connection of the same process waiting for its lock would block the very thread that has to
 * finish it.
 */
const migrations = new Map<string, Promise<unknown>>();

function migrateSerially(file: string, migrate: () => Promise<void>): Promise<void> {
  const key = resolve(file);
  const next = (migrations.get(key) ?? Promise.resolve()).then(migrate);
  const settled = next.catch(() => undefined);
  migrations.set(key, settled);
  void settled.then(() => migrations.get(key) === settled && migrations.delete(key));
  return next;
}

/**
 * How both connections of the read models (the readers' and the writer's) are set up. Unlike the log,
 * read models can be rebuilt: in WAL mode synchronous=NORMAL keeps every commit atomic (rows and
 * checkpoint together) and may lose only the last commits on power loss, which are applied again from the
 * log. It halves the cost of a commit; the event store keeps FULL.
 */
const PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 5000', 'foreign_keys = ON'];

/**
 * Read models in the embedded database file, on connections of their own (WAL lets them read beside the
 * event store's writer): one on this thread for reads (and the registry's migrations when it opens), and
 * one in a worker thread for every write (`SqliteWriter`), so that a long batch does not hold the API's
 * thread.
 */
export class SqliteReadModelDatabase implements ReadModelDatabase {
  readonly dialect = 'sqlite';
  readonly db: Kysely<RegistryTables>;
  private readonly statements = new Map<string, Statement>();
  private readonly writer: SqliteWriter;

  /** Opens more connections to the event store's file; an in-memory database cannot be shared that way. */
  static async open(file: string): Promise<SqliteReadModelDatabase> {
    if (file === '' || file === ':memory:') throw new TypeError('Read models need the event store in a file, not in memory');
    const database = new SqliteReadModelDatabase(openSqlite(file), file);
    try {
      await migrateSerially(file, () => migrateRegistry(database.db));
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  }

  private constructor(
    private readonly connection: Database,
    file: string,
  ) {
    for (const pragma of PRAGMAS) connection.pragma(pragma);
    // Statistics the planner may lack after an upgrade; cheap when there is nothing to do.
    connection.pragma('optimize = 0x10002');
    this.db = new Kysely<RegistryTables>({
      dialect: new SqliteDialect({ database: { prepare: (sql) => this.prepare(sql), close: () => connection.close() } }),
    });
    this.writer = new SqliteWriter({ file, driver: sqliteDriverPath, pragmas: PRAGMAS, appendsWaiting: { counters: appendsWaiting(file), ...APPEND_COUNTERS } });
  }

  transaction(guards: readonly CompiledQuery[], writes: readonly CompiledQuery[]): Promise<boolean> {
    return this.writer.run(guards, writes);
  }

  async close(): Promise<void> {
    await this.writer.close();
    if (this.connection.open) await this.db.destroy();
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.connection.prepare(sql);
      if (this.statements.size >= CACHED_STATEMENTS) this.statements.delete(this.statements.keys().next().value ?? '');
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
