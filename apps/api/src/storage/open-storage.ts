import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { openPostgresReadModels, openSqliteReadModels, type ReadModelStore } from '#projections';
import type { AppConfig } from '../config/app-config.js';

/** The log and the read models, on one database so that they are backed up and restored together. */
export interface Storage {
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  /** For the start-up log line: which store, where. */
  readonly description: string;
  close(): Promise<void>;
}

/** `onWarning` hears what could lose acknowledged appends (default: a process warning on stderr). */
export async function openStorage(config: AppConfig, onWarning?: (message: string) => void): Promise<Storage> {
  if (config.store === 'postgres') {
    const connectionString = config.databaseUrl ?? '';
    const events = await PostgresEventStore.open({ connectionString, schema: config.postgresSchema, onWarning });
    const readModels = await openPostgresReadModels({ connectionString, schema: events.schema }).catch(async (error: unknown) => {
      await events.close();
      throw error;
    });
    return { events, readModels, description: `PostgreSQL (schema ${events.schema})`, close: closing(readModels, events) };
  }
  const file = join(config.dataDir, 'goal-ledger.sqlite');
  const events = await SqliteEventStore.open(file);
  const readModels = await openSqliteReadModels(file).catch(async (error: unknown) => {
    await events.close();
    throw error;
  });
  return { events, readModels, description: `embedded SQLite (${file})`, close: closing(readModels, events) };
}

function closing(readModels: ReadModelStore, events: EventStore): () => Promise<void> {
  return async () => {
    await readModels.close();
    await events.close();
  };
}
