import type { EventStore } from '#event-store';
import { PeakRss, log, rate, timed } from './bench-kit.js';
import { goalEvents } from './fixtures.js';
import { fastest, type RawScans } from './raw-scans.js';
import { readModelsOf } from './read-models.js';
import { interleaved, type Contender, type ScenarioResult } from './stats.js';

const EVENTS_PER_GOAL = 10;
const PAGE = 1000;

/** Fills the store with `total` events: goals of ten events each, appended one goal per call. */
export async function seed(store: EventStore, total: number): Promise<number> {
  const goals = Math.ceil(total / EVENTS_PER_GOAL);
  const { seconds } = await timed(async () => {
    for (let i = 0; i < goals; i += 1) {
      const { stream, events } = goalEvents(i, EVENTS_PER_GOAL);
      await store.append(stream, events, 'no-stream');
    }
  });
  log(`  seeded ${goals * EVENTS_PER_GOAL} events in ${seconds.toFixed(1)} s`);
  return goals * EVENTS_PER_GOAL;
}

async function ourScan(store: EventStore): Promise<number> {
  let count = 0;
  for (let page = await store.readAll({ after: 0, limit: PAGE }); page.length > 0; ) {
    count += page.length;
    page = await store.readAll({ after: page[page.length - 1].position, limit: PAGE });
  }
  return count;
}

/** A contender measuring events per second of `work` over the whole log, with the process's peak RSS. */
function overTheLog(name: string, total: number, work: () => Promise<unknown>): Contender {
  return {
    name,
    measure: async () => {
      const rss = new PeakRss();
      const perSecond = await rate(total, work);
      return { value: perSecond, extra: { peakRssMiB: rss.stop() / 2 ** 20 } };
    },
  };
}

/**
 * Replay of a seeded log: the port's scan and each read model's rebuild, each interleaved with the fastest
 * raw read of the same log, which is the limit any replay can reach.
 */
export async function replay(
  adapter: 'SQLite' | 'PostgreSQL',
  events: EventStore,
  rawScans: RawScans,
  total: number,
  rounds: number,
  report: (r: ScenarioResult) => void,
): Promise<ScenarioResult[]> {
  const limit = await fastest(rawScans.scans, total);
  const raw = overTheLog(limit.name, total, () => limit.scan());
  const models = await readModelsOf(events);
  const group = `${adapter} replay`;
  const scenarios = [
    { name: `log scan through the port (readAll pages of ${PAGE})`, ours: overTheLog('ours', total, () => ourScan(events)) },
    ...models.names.map((name) => ({ name: `rebuild ${name}`, ours: overTheLog('ours', total, () => models.rebuild(name)) })),
  ];
  const results: ScenarioResult[] = [];
  try {
    for (const { name, ours } of scenarios) {
      const result = await interleaved({ group, name, unit: 'events/s', better: 'higher', contenders: [ours, raw] }, rounds);
      report(result);
      results.push(result);
    }
  } finally {
    await rawScans.close();
  }
  return results;
}
