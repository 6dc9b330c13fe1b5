import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { ALL_PROJECTIONS, PostgresProjectionStore, ProjectionRunner, SqliteProjectionStore } from '#projections';

/** The read models of a store, as the bench needs them: by name, rebuilt from position 0. */
export interface ReadModels {
  readonly names: readonly string[];
  /** Empties the read model and replays the whole log into it; resolves when it has caught up. */
  rebuild(name: string): Promise<void>;
}

const REBUILD_TIMEOUT_MS = 600_000;

/**
 * The only place the bench touches the read-model infrastructure, so that a new one is a change of this
 * function alone: every rebuild figure comes through here.
 */
export async function readModelsOf(events: EventStore): Promise<ReadModels> {
  const store =
    events instanceof SqliteEventStore
      ? new SqliteProjectionStore(events.database)
      : events instanceof PostgresEventStore
        ? await PostgresProjectionStore.open(events.pool, events.schema)
        : undefined;
  if (!store) throw new Error('the bench knows read models on the SQLite and PostgreSQL stores only');
  return {
    names: ALL_PROJECTIONS.map((p) => p.name),
    rebuild: async (name) => {
      const projection = ALL_PROJECTIONS.find((p) => p.name === name);
      if (!projection) throw new Error(`no read model named ${name}`);
      await store.prepare(projection);
      await store.reset(projection);
      const head = await events.headPosition();
      const runner = new ProjectionRunner(events, store, projection, { batchSize: 1000 });
      await runner.start();
      try {
        if (!(await runner.waitFor(head, REBUILD_TIMEOUT_MS))) throw new Error(`${name} did not reach position ${head}`);
      } finally {
        await runner.stop();
      }
    },
  };
}
