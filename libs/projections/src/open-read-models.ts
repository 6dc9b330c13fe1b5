import { PostgresReadModelDatabase, type PostgresReadModelOptions } from './store/postgres-read-model-database.js';
import { ReadModelStore } from './store/read-model-store.js';
import { SqliteReadModelDatabase } from './store/sqlite-read-model-database.js';

/** Injection token of the ReadModelStore. */
export const READ_MODELS = Symbol('ReadModels');

/** Read models in the embedded store's file, beside the log (one file, one backup). */
export async function openSqliteReadModels(file: string): Promise<ReadModelStore> {
  return new ReadModelStore(await SqliteReadModelDatabase.open(file));
}

/** Read models in the event store's PostgreSQL schema, shared by every instance on the database. */
export async function openPostgresReadModels(options: PostgresReadModelOptions): Promise<ReadModelStore> {
  return new ReadModelStore(await PostgresReadModelDatabase.open(options));
}
