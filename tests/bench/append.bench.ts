import type { NewEvent } from '#event-store';
import { postgresOurs, postgresRaw, sqliteOurs, sqliteRaw, type OpenWriter } from './append-writers.js';
import { rate } from './bench-kit.js';
import { emmettWriter } from './emmett-writer.js';
import { goalEvents } from './fixtures.js';
import { sampleWaits } from './pg-waits.js';
import { interleaved, type Contender, type ScenarioResult } from './stats.js';

export interface AppendSizes {
  readonly singles: number;
  readonly batches: number;
  /** Events a log grows to in the "growing log" scenario, in appends of ten. */
  readonly growTo: number;
  readonly concurrentWriters: number;
  /** Measured rounds per scenario (one warm-up round more is run and discarded). */
  readonly rounds: number;
}

type Workload = { stream: string; events: NewEvent[] }[];

const BATCH = 100;
const GOAL = 10;

/** Events for `count` streams of `perStream` events each, built before the clock starts. */
const workload = (count: number, perStream: number): Workload => Array.from({ length: count }, (_, i) => goalEvents(i, perStream));

/**
 * A contender that appends the workload on a fresh store of its own, `writers` appends at a time; with
 * `waitsOf`, it also samples what the database's backends wait on meanwhile.
 */
function appending(name: string, key: string, open: OpenWriter, work: () => Workload, writers = 1, waitsOf?: string): Contender {
  let stores = 0;
  return {
    name,
    measure: async () => {
      const streams = work();
      const writer = await open(`${key}_${(stores += 1)}`);
      const waits = waitsOf ? await sampleWaits(waitsOf) : undefined;
      try {
        let next = 0;
        const events = streams.reduce((sum, s) => sum + s.events.length, 0);
        const perSecond = await rate(events, () =>
          Promise.all(
            Array.from({ length: writers }, async () => {
              for (let i = next++; i < streams.length; i = next++) await writer.append(streams[i].stream, streams[i].events);
            }),
          ),
        );
        return { value: perSecond, extra: await waits?.stop() };
      } finally {
        await writer.close();
      }
    },
  };
}

interface Kinds {
  readonly ours: OpenWriter;
  readonly raw: OpenWriter;
  readonly emmett?: OpenWriter;
}

type ScenarioSpec = { name: string; contenders: readonly [Contender, ...Contender[]]; note?: string; rounds?: number; warmUp?: number };

/** Ours, the raw inserts and (where given) Emmett, each appending the same workload `writers` at a time. */
function contendersOf(kinds: Kinds, key: string, work: () => Workload, rawName: string, writers = 1, withEmmett = true, waitsOf?: string) {
  return [
    appending('ours', `${key}_ours`, kinds.ours, work, writers, waitsOf),
    appending(rawName, `${key}_raw`, kinds.raw, work, writers, waitsOf),
    ...(kinds.emmett && withEmmett ? [appending('Emmett appendToStream', `${key}_emmett`, kinds.emmett, work, writers, waitsOf)] : []),
  ] as const;
}

function scenarios(sizes: AppendSizes, kinds: Kinds, raw: { single: string; batch: (n: number) => string }): ScenarioSpec[] {
  return [
    { name: 'single-event appends', contenders: contendersOf(kinds, 'single', () => workload(sizes.singles, 1), raw.single) },
    { name: `${BATCH}-event batches`, contenders: contendersOf(kinds, 'batch', () => workload(sizes.batches, BATCH), raw.batch(BATCH)) },
    {
      name: `${GOAL}-event appends until the log holds ${sizes.growTo.toLocaleString('en-US')} events`,
      // The longest scenario: ours against the raw inserts only, and no warm-up (the ones before it warmed up).
      contenders: contendersOf(kinds, 'grow', () => workload(sizes.growTo / GOAL, GOAL), raw.batch(GOAL), 1, false),
      note: 'shows whether appends slow down as the log grows',
      rounds: Math.min(3, sizes.rounds),
      warmUp: 0,
    },
  ];
}

async function runAll(group: string, list: readonly ScenarioSpec[], rounds: number, report: (r: ScenarioResult) => void) {
  const results: ScenarioResult[] = [];
  for (const scenario of list) {
    const result = await interleaved({ group, unit: 'events/s', better: 'higher', ...scenario }, scenario.rounds ?? rounds, scenario.warmUp);
    report(result);
    results.push(result);
  }
  return results;
}

export function sqliteAppends(file: (name: string) => string, sizes: AppendSizes, report: (r: ScenarioResult) => void) {
  const kinds = { ours: sqliteOurs(file), raw: sqliteRaw(file) };
  const raw = { single: 'better-sqlite3 INSERT in a transaction', batch: (n: number) => `better-sqlite3 ${n} INSERTs in one transaction` };
  return runAll('SQLite append', scenarios(sizes, kinds, raw), sizes.rounds, report);
}

/** `schema` turns a name into a schema name of this run, so that the run can drop them all. */
export function postgresAppends(url: string, schema: (name: string) => string, sizes: AppendSizes, report: (r: ScenarioResult) => void) {
  const pool = sizes.concurrentWriters;
  const kinds = {
    ours: (name: string) => postgresOurs(url, pool)(schema(name)),
    raw: (name: string) => postgresRaw(url, pool)(schema(name)),
    emmett: emmettWriter(url, pool),
  };
  const raw = { single: 'pg INSERT, autocommit', batch: (n: number) => `pg INSERT … SELECT unnest of ${n} rows` };
  const writers = sizes.concurrentWriters;
  const concurrent: ScenarioSpec = {
    name: `single-event appends, ${writers} concurrent writers`,
    contenders: contendersOf(kinds, 'concurrent', () => workload(sizes.singles * 2, 1), `${raw.single}, ${writers} connections`, writers, true, url),
    note: 'each side with a pool of as many connections as writers',
  };
  return runAll('PostgreSQL append', [...scenarios(sizes, kinds, raw), concurrent], sizes.rounds, report);
}
