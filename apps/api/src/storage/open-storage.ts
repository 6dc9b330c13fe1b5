import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { PostgresProjectionStore, SqliteProjectionStore, type ProjectionStore } from '#projections';
import type { AppConfig } from '../config/app-config.js';

/** The log and the read models, on one database so that they are backed up and restored together. */
export interface Storage {
  readonly events: EventStore;
  readonly projections: ProjectionStore;
  /** For the start-up log line: which store, where. */
  readonly description: string;
  close(): Promise<void>;
}

export async function openStorage(config: AppConfig): Promise<Storage> {
  if (config.store === 'postgres') {
    const events = await PostgresEventStore.open({ connectionString: config.databaseUrl ?? '', schema: config.postgresSchema });
    try {
      const projections = await PostgresProjectionStore.open(events.pool, events.schema);
      return { events, projections, description: `PostgreSQL (schema ${events.schema})`, close: () => events.close() };
    } catch (error) {
      await events.close();
      throw error;
    }
  }
  const file = join(config.dataDir, 'goal-ledger.sqlite');
  const events = await SqliteEventStore.open(file);
  return {
    events,
    projections: new SqliteProjectionStore(events.database),
    description: `embedded SQLite (${file})`,
    close: () => events.close(),
  };
}
