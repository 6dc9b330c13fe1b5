import pg from 'pg';
import { openSqlite, quoteSchema, type EventStore } from '#event-store';
import { ReadModelRunner, goalDetailsReadModel, goalHistoryReadModel, type ReadModel, type ReadModelStore } from '#projections';
import { PeakRss, log, measurement, rate, timed, type Measurement } from './bench-kit.js';
import { goalEvents } from './fixtures.js';

const EVENTS_PER_GOAL = 10;

/** Fills the store with `total` events: goals of ten events each, appended one goal per call. */
export async function seed(store: EventStore, total: number): Promise<number> {
  const goals = Math.ceil(total / EVENTS_PER_GOAL);
  const { seconds } = await timed(async () => {
    for (let i = 0; i < goals; i += 1) {
      const { stream, events } = goalEvents(i, EVENTS_PER_GOAL);
      await store.append(stream, events, 'no-stream');
      if ((i + 1) % 2000 === 0) log(`  seeded ${(i + 1) * EVENTS_PER_GOAL} events`);
    }
  });
  log(`  seeded ${goals * EVENTS_PER_GOAL} events in ${seconds.toFixed(1)} s`);
  return goals * EVENTS_PER_GOAL;
}

/** Builds one read model from position 0 (its first generation) and returns events per second and the peak RSS. */
async function rebuild(events: EventStore, store: ReadModelStore, model: ReadModel, total: number) {
  const head = await events.headPosition();
  const runner = new ReadModelRunner(events, store, model, { instanceId: `bench-${process.pid}`, batchSize: 1000 });
  const rss = new PeakRss();
  const perSecond = await rate(total, async () => {
    await runner.start();
    if (!(await runner.waitFor(head, 600_000))) throw new Error(`${model.name} did not reach ${head}`);
  });
  await runner.stop();
  return { perSecond, peakRssMiB: rss.stop() / 2 ** 20 };
}

async function ourScan(store: EventStore): Promise<number> {
  let count = 0;
  for (let page = await store.readAll({ after: 0, limit: 1000 }); page.length > 0; ) {
    count += page.length;
    page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 });
  }
  return count;
}

export async function replay(
  adapter: 'SQLite' | 'PostgreSQL',
  events: EventStore,
  readModels: ReadModelStore,
  rawScan: () => Promise<number>,
  total: number,
): Promise<Measurement[]> {
  const raw = await rate(total, rawScan);
  const scan = await rate(total, () => ourScan(events));
  const details = await rebuild(events, readModels, goalDetailsReadModel, total);
  const history = await rebuild(events, readModels, goalHistoryReadModel, total);
  const baseline = `raw SELECT + JSON.parse over ${total.toLocaleString('en-US')} events`;
  const group = `${adapter} replay`;
  return [
    measurement(group, 'log scan through the port (readAll pages of 1000)', 'events/s', scan, baseline, raw),
    measurement(group, 'rebuild goal-details', 'events/s', details.perSecond, baseline, raw, `peak RSS ${details.peakRssMiB.toFixed(0)} MiB`),
    measurement(group, 'rebuild goal-history', 'events/s', history.perSecond, baseline, raw, `peak RSS ${history.peakRssMiB.toFixed(0)} MiB`),
  ];
}

/** The physical limit of reading the embedded log: one SELECT, every row's JSON parsed. */
export function sqliteRawScan(file: string): () => Promise<number> {
  return async () => {
    const db = openSqlite(file, { readonly: true });
    let count = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      count += 1;
    }
    db.close();
    return count;
  };
}

/** The same for PostgreSQL, in keyset pages as any client holding less than the whole log must read. */
export function postgresRawScan(url: string, schema: string): () => Promise<number> {
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let count = 0;
    let after = 0;
    for (;;) {
      const { rows } = await client.query<{ position: string; data: string; metadata: string }>(
        `SELECT position, stream, revision, type, data::text AS data, metadata::text AS metadata, recorded_at
           FROM ${quoteSchema(schema)}.events WHERE position > $1 ORDER BY position LIMIT 1000`,
        [after],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      count += rows.length;
      after = Number(rows[rows.length - 1].position);
    }
    await client.end();
    return count;
  };
}
