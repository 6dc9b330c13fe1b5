import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { ALL_READ_MODELS, openPostgresReadModels, openSqliteReadModels, ReadModelRunner, type ReadModelStore } from '#projections';

/** The read models of a store, as the bench needs them: by name, rebuilt from position 0. */
export interface ReadModels {
  readonly names: readonly string[];
  /** Builds the read model's first generation from position 0; resolves when it has caught up. */
  rebuild(name: string): Promise<void>;
  close(): Promise<void>;
}

const REBUILD_TIMEOUT_MS = 600_000;

/**
 * The only place the bench touches the read-model infrastructure, so that a new one is a change of this
 * function alone: every rebuild figure comes through here. The first rebuild of a model builds its first
 * generation; each later one a new generation from position 0 in the shadow, swapped in when caught up —
 * what an admin's rebuild does.
 */
export async function readModelsOf(events: EventStore): Promise<ReadModels> {
  const store: ReadModelStore =
    events instanceof SqliteEventStore
      ? await openSqliteReadModels(events.database.name)
      : events instanceof PostgresEventStore
        ? await openPostgresReadModels({ connectionString: events.connectionString, schema: events.schema })
        : await Promise.reject(new Error('the bench knows read models on the SQLite and PostgreSQL stores only'));
  return {
    names: ALL_READ_MODELS.map((model) => model.name),
    rebuild: async (name) => {
      const model = ALL_READ_MODELS.find((candidate) => candidate.name === name);
      if (!model) throw new Error(`no read model named ${name}`);
      const head = await events.headPosition();
      const runner = new ReadModelRunner(events, store, model, { instanceId: `bench-${process.pid}`, batchSize: 1000 });
      const existed = (await store.generations(model.name)).some((generation) => generation.state === 'live');
      const deadline = Date.now() + REBUILD_TIMEOUT_MS;
      const until = async (done: () => boolean | Promise<boolean>, failure: string) => {
        while (!(await done())) {
          if (Date.now() > deadline) throw new Error(`${name} ${failure}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      try {
        await runner.start();
        if (existed) {
          const before = runner.status().generation;
          await runner.rebuild();
          // The swap is the end of a rebuild: a new live generation, none building.
          await until(() => runner.status().generation !== before && runner.status().rebuild === null, 'did not finish its rebuild');
        } else {
          if (!(await runner.waitFor(head, REBUILD_TIMEOUT_MS))) throw new Error(`${name} did not reach position ${head}`);
          // Over a long log a first generation gets its query indexes once caught up: building it ends with them.
          await until(async () => (await runner.currentStatus()).indexed, 'did not create its query indexes');
        }
      } finally {
        await runner.stop();
      }
    },
    close: () => store.close(),
  };
}
