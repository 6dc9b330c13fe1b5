import {
  Kysely,
  type CompiledQuery,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import pg from 'pg';
import { quoteSchema, translateUnavailable, withTransaction } from '#event-store';
import { SchemaScopedPostgresDialect } from './postgres-schema-dialect.js';
import { GuardRefused, type ReadModelDatabase, type TransactionOptions } from './read-model-database.js';
import { migrateRegistry } from './registry-migrations.js';
import type { RegistryTables } from './registry-tables.js';

export interface PostgresReadModelOptions {
  readonly connectionString: string;
  /** The event store's schema: read models live beside the log. */
  readonly schema: string;
  readonly poolSize?: number;
}

const CONNECT_TIMEOUT_MS = 5000;

/**
 * The connection string with the schema as search_path added to its `options`. Options given beside the
 * connection string lose to the string's own (`?options=-c synchronous_commit=off` would drop the
 * search_path, and the read models would land in `public`), so both go into the string.
 */
export function withSearchPath(connectionString: string, schema: string): string {
  const url = new URL(connectionString);
  const options = [url.searchParams.get('options'), `-c search_path=${quoteSchema(schema)}`].filter((option) => option).join(' ');
  url.searchParams.set('options', options);
  return url.href;
}

/**
 * Read models in PostgreSQL, on a pool of their own whose search_path is the event store's schema, so
 * that compiled queries name tables without a schema. A write is one transaction on one client.
 */
export class PostgresReadModelDatabase implements ReadModelDatabase {
  readonly dialect = 'postgres';
  readonly db: Kysely<RegistryTables>;

  static async open(options: PostgresReadModelOptions): Promise<PostgresReadModelDatabase> {
    const pool = new pg.Pool({
      connectionString: withSearchPath(options.connectionString, options.schema),
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const database = new PostgresReadModelDatabase(pool, options.schema);
    try {
      await database.migrate(options.schema);
    } catch (error) {
      await database.close();
      throw translateUnavailable(error);
    }
    return database;
  }

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.db = new Kysely<RegistryTables>({ dialect: new SchemaScopedPostgresDialect({ pool: translatingErrors(pool) }, schema) });
  }

  /**
   * Instances starting together would race on CREATE TABLE IF NOT EXISTS of the migrator's own tables (it
   * copes, but the server logs every lost race as an error): one migrates at a time, per schema.
   */
  private async migrate(schema: string): Promise<void> {
    const client = await this.pool.connect();
    const lock = [`read-model-migrations:${schema}`];
    try {
      await client.query('SELECT pg_advisory_lock(18252, hashtext($1))', lock);
      await migrateRegistry(this.db, schema);
    } finally {
      await client.query('SELECT pg_advisory_unlock(18252, hashtext($1))', lock).catch(() => undefined);
      client.release();
    }
  }

  async transaction(guards: readonly CompiledQuery[], writes: readonly CompiledQuery[], options: TransactionOptions = {}): Promise<boolean> {
    try {
      await withTransaction(this.pool, async (client) => {
        // As on SQLite: a commit of a read model need not wait for its WAL to reach the disk. It stays
        // atomic and is visible at once; a crash can lose only the last ones, applied again from the log.
        if (!options.durable) await client.query('SET LOCAL synchronous_commit TO OFF');
        for (const guard of guards) if ((await client.query(guard.sql, [...guard.parameters])).rowCount === 0) throw new GuardRefused();
        for (const write of writes) await client.query(write.sql, [...write.parameters]);
      });
      return true;
    } catch (error) {
      if (error instanceof GuardRefused) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    // Ends the pool as well.
    await this.db.destroy();
  }
}

/** Connection loss and the like become EventStoreUnavailableError (HTTP 503) on the read path too. */
function translatingErrors(pool: pg.Pool): PostgresPool {
  return {
    connect: () => pool.connect().then((client) => new TranslatingClient(client), (error: unknown) => Promise.reject(translateUnavailable(error))),
    end: () => pool.end(),
  };
}

class TranslatingClient implements PostgresPoolClient {
  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sql: string | PostgresCursor<R>, parameters: ReadonlyArray<unknown> = []): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Kysely passes a cursor only to stream results, which no read model does (no cursor is configured).
    if (typeof sql !== 'string') throw new TypeError('Streaming queries are not supported');
    return this.client.query(sql, [...parameters]).then(
      (result) => result as PostgresQueryResult<R>,
      (error: unknown) => Promise.reject(translateUnavailable(error)),
    );
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}
