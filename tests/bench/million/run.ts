import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { programmeStream } from '#domain';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '#event-store';
import { commitOf, log, machine } from '../bench-kit.js';
import { fastest, postgresRawScans, sqliteRawScans, type RawScans } from '../raw-scans.js';
import { readModelsOf } from '../read-models.js';
import { replaceGeneratedSection } from '../report.js';
import { scratchDatabase } from '../scratch-database.js';
import { interleaved, type Contender, type ScenarioResult } from '../stats.js';
import { rate } from '../bench-kit.js';
import { startApi } from './api-process.js';
import { fill } from './fill.js';
import { millionMarkdown, millionTargets, SCENARIOS, type MillionReport, type StoreRun } from './million-report.js';
import { goalListPath, overHttp, phaseEvaluationPath, programmeEvaluationPath, randomView, rawGoalList, type Recording } from './queries.js';
import { planWorld, ROLLOUT_PHASE, type WorldPlan } from './world.js';

/**
 * `npm run bench:million`: the programme's world as a log of MILLION_EVENTS events (default 1,000,000) on
 * each store (MILLION_STORES, default `sqlite,postgres`): every read model rebuilt from position 0 beside
 * the fastest raw scan, the API's start-up on the filled store beside an empty one, and the goal list and
 * the evaluations at random past points of view beside the bare driver. MILLION_ROUNDS measured rounds
 * (default 2), MILLION_REQUESTS requests per round for the list (default 300; a third for the evaluations).
 * BENCH_DATABASE_URL names the PostgreSQL server; the run works in a scratch database it drops at the end.
 */
const target = Number(process.env.MILLION_EVENTS ?? 1_000_000);
const stores = (process.env.MILLION_STORES ?? 'sqlite,postgres').split(',');
const rounds = Number(process.env.MILLION_ROUNDS ?? 2);
const requests = Number(process.env.MILLION_REQUESTS ?? 300);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED = 20_120_101;
/** Seconds per round an evaluation view is asked for at most (once 20 requests are in). */
const EVALUATION_BUDGET_S = 45;

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function report(results: ScenarioResult[]) {
  return (result: ScenarioResult) => {
    results.push(result);
    const extra = Object.entries(result.ours.extra).map(([key, s]) => `${key} ${s.median.toFixed(1)}`).join(', ');
    const ratios = result.comparisons.map((c) => `÷ ${c.baseline}: ${c.ratio.median.toFixed(2)} (${c.ratio.min.toFixed(2)}–${c.ratio.max.toFixed(2)})`).join('; ');
    log(`  ${result.scenario}: ours ${result.ours.value.median.toFixed(2)} ${result.unit}${extra ? ` (${extra})` : ''}${ratios ? `; ${ratios}` : ''}`);
  };
}

/** Each read model rebuilt from position 0, interleaved with the fastest raw scan of the same log. */
async function rebuilds(events: EventStore, rawScans: RawScans, total: number, record: (r: ScenarioResult) => void): Promise<void> {
  try {
    const limit = await fastest(rawScans.scans, total);
    const raw: Contender = { name: limit.name, measure: async () => ({ value: await rate(total, () => limit.scan()) }) };
    const models = await readModelsOf(events);
    try {
      for (const name of models.names) {
        const started = Date.now();
        const ours: Contender = { name: 'ours', measure: async () => ({ value: await rate(total, () => models.rebuild(name)) }) };
        // No warm-up round: the first round builds the model's first generation, the later ones rebuild it.
        record(await interleaved({ group: 'rebuild', name: SCENARIOS.rebuild(name), unit: 'events/s', better: 'higher', contenders: [ours, raw] }, rounds, 0));
        log(`    (${elapsed(started)})`);
      }
    } finally {
      await models.close();
    }
  } finally {
    await rawScans.close();
  }
}

/** The start-up of the API on the filled store against an empty one, each in a process of its own. */
async function startups(loaded: Record<string, string>, empty: Record<string, string>, record: (r: ScenarioResult) => void): Promise<void> {
  const starting = (name: string, env: Record<string, string>): Contender => ({
    name,
    measure: async () => {
      const api = await startApi(env);
      const peakRssMiB = await api.peakRssMiB();
      await api.stop();
      return { value: api.readySeconds, extra: { peakRssMiB } };
    },
  });
  record(await interleaved({ group: 'start-up', name: SCENARIOS.startup, unit: 's', better: 'lower', contenders: [starting('on the filled store', loaded), starting('on an empty store', empty)] }, Math.max(3, rounds)));
}

/** The goal list and the evaluations through HTTP at random past points of view. */
async function queries(
  env: Record<string, string>,
  store: { sqliteFile?: string; postgres?: { url: string; schema: string } },
  recording: Recording,
  record: (r: ScenarioResult) => void,
): Promise<void> {
  const api = await startApi(env);
  const raw = await rawGoalList(store, recording, requests, SEED);
  try {
    const lower = { unit: 'ms', better: 'lower' as const, group: 'queries' };
    const list = overHttp('ours: GET /v1/goals', api.url, requests, SEED, (rng) => goalListPath(randomView(recording, rng)));
    record(await interleaved({ ...lower, name: SCENARIOS.goalList, contenders: [list, raw.contender] }, rounds));
    const evaluations = Math.max(10, Math.round(requests / 3));
    const phase = overHttp('ours: GET …/phases/{phaseId}/evaluation', api.url, evaluations, SEED, (rng) => phaseEvaluationPath(recording, rng), EVALUATION_BUDGET_S);
    record(await interleaved({ ...lower, name: SCENARIOS.phaseEvaluation, contenders: [phase] }, rounds));
    const programme = overHttp('ours: GET …/evaluation', api.url, evaluations, SEED, (rng) => programmeEvaluationPath(recording, rng), EVALUATION_BUDGET_S);
    record(await interleaved({ ...lower, name: SCENARIOS.programmeEvaluation, contenders: [programme] }, rounds));
  } finally {
    await raw.close();
    await api.stop();
  }
}

/** When the log's recording began and ended, and when the roll-out phase became known. */
async function recordingOf(events: EventStore): Promise<Recording> {
  const head = await events.headPosition();
  const [first] = await events.readAll({ after: 0, limit: 1 });
  const [last] = await events.readAll({ after: head - 1, limit: 1 });
  const rollout = (await events.readStream(programmeStream('kekiz'))).find((e) => e.type === 'PhaseOpened' && e.data.phaseId === ROLLOUT_PHASE);
  if (!first || !last || !rollout) throw new Error('the filled log lacks its first, last or roll-out event');
  return { first: first.metadata.recordedAt, last: last.metadata.recordedAt, rolloutKnownFrom: rollout.metadata.recordedAt };
}

/** The fill's sessions commit without waiting for the WAL flush: the fill is not what is measured. */
function withoutWaitingForFlush(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', '-c synchronous_commit=off');
  return parsed.toString();
}

/** Everything measured on one store, in order: fill, rebuilds, start-up, queries. */
async function onStore(
  store: StoreRun['store'],
  plan: WorldPlan,
  openForFill: () => Promise<EventStore>,
  open: () => Promise<EventStore>,
  rawScans: () => Promise<RawScans>,
  env: { loaded: Record<string, string>; empty: Record<string, string> },
  where: { sqliteFile?: string; postgres?: { url: string; schema: string } },
): Promise<StoreRun> {
  const results: ScenarioResult[] = [];
  const record = report(results);
  const started = Date.now();
  log(`${store}: filling ${plan.total.toLocaleString('en-US')} events (${plan.goals.length.toLocaleString('en-US')} goals)`);
  const filling = await openForFill();
  let filled: Awaited<ReturnType<typeof fill>>;
  try {
    filled = await fill(filling, plan, store === 'SQLite' ? 1 : 16);
  } finally {
    await filling.close();
  }
  log(`  filled in ${filled.seconds.toFixed(0)} s (${Math.round(filled.events / filled.seconds).toLocaleString('en-US')} events/s)`);
  // Opened again as the API opens it: the fill's settings are its own connections'.
  const events = await open();
  let recording: Recording;
  try {
    recording = await recordingOf(events);
    log(`${store}: rebuilds (${elapsed(started)} in)`);
    await rebuilds(events, await rawScans(), filled.events, record);
  } finally {
    await events.close();
  }
  log(`${store}: start-up (${elapsed(started)} in)`);
  // Not measured: brings what the API runs besides the read models (its process managers) up to date.
  await (await startApi(env.loaded, 1_800_000)).stop();
  await startups(env.loaded, env.empty, record);
  log(`${store}: queries (${elapsed(started)} in)`);
  await queries(env.loaded, where, recording, record);
  log(`${store}: done in ${elapsed(started)}`);
  return { store, events: filled.events, fill: { seconds: filled.seconds, appends: filled.appends }, results };
}

async function main(): Promise<void> {
  const startLoad = loadavg()[0];
  const commit = commitOf();
  const plan = planWorld(target);
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-million-'));
  const database = await scratchDatabase(server, `goal_ledger_million_${process.pid}`);
  const runs: StoreRun[] = [];
  try {
    if (stores.includes('sqlite')) {
      const dataDir = join(dir, 'sqlite');
      const file = join(dataDir, 'goal-ledger.sqlite');
      const sqliteEnv = (data: string) => ({ GOAL_LEDGER_STORE: 'sqlite', GOAL_LEDGER_DATA_DIR: data });
      runs.push(
        await onStore(
          'SQLite',
          plan,
          // The fill is not what is measured: its commits skip the fsync (the connection's own setting).
          async () => {
            const filling = await SqliteEventStore.open(file);
            filling.database.pragma('synchronous = OFF');
            return filling;
          },
          () => SqliteEventStore.open(file),
          async () => sqliteRawScans(file),
          { loaded: sqliteEnv(dataDir), empty: sqliteEnv(join(dir, 'sqlite-empty')) },
          { sqliteFile: file },
        ),
      );
    }
    if (stores.includes('postgres')) {
      const schema = 'million';
      const pgEnv = (s: string, data: string) => ({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: database.url, GOAL_LEDGER_PG_SCHEMA: s, GOAL_LEDGER_DATA_DIR: data });
      runs.push(
        await onStore(
          'PostgreSQL',
          plan,
          () => PostgresEventStore.open({ connectionString: withoutWaitingForFlush(database.url), schema, onWarning: () => undefined }),
          () => PostgresEventStore.open({ connectionString: database.url, schema }),
          () => postgresRawScans(database.url, schema),
          { loaded: pgEnv(schema, join(dir, 'pg')), empty: pgEnv('million_empty', join(dir, 'pg-empty')) },
          { postgres: { url: database.url, schema } },
        ),
      );
    }
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const result: MillionReport = {
    date: new Date().toISOString(),
    command: `${process.env.MILLION_EVENTS ? `MILLION_EVENTS=${target} ` : ''}${process.env.MILLION_STORES ? `MILLION_STORES=${process.env.MILLION_STORES} ` : ''}npm run bench:million`,
    ...(commit ? { commit } : {}),
    target,
    machine: { ...machine(), ...database.machine },
    loadAverage: { start: startLoad, end: loadavg()[0] },
    stores: runs,
  };
  mkdirSync(join(process.cwd(), 'bench'), { recursive: true });
  const json = join(process.cwd(), 'bench', 'million-results.json');
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const doc = writeSection(result);
  log(`\n${runs.flatMap(millionTargets).map((t) => `${t.status.padEnd(17)} ${t.label}: ${t.figure} (goal ${t.goal})`).join('\n')}`);
  log(`\nwritten to ${json} and ${doc}`);
}

/** Writes the report's section of docs/performance.md; returns the file's path. */
function writeSection(report: MillionReport): string {
  const doc = join(process.cwd(), 'docs', 'performance.md');
  writeFileSync(doc, replaceGeneratedSection(readFileSync(doc, 'utf8'), 'million', millionMarkdown(report)));
  return doc;
}

/** `--render`: writes the section of docs/performance.md again from bench/million-results.json, measuring nothing. */
function render(): void {
  writeSection(JSON.parse(readFileSync(join(process.cwd(), 'bench', 'million-results.json'), 'utf8')) as MillionReport);
}

/** The commit the measured code was built from, with a mark when the work tree differs from it. */

if (process.argv.includes('--render')) render();
else main().catch((error: unknown) => {
  process.stderr.write(`million-event benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
