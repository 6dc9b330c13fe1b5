import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore } from '#event-store';
import { postgresAppends, sqliteAppends } from './append.bench.js';
import { log } from './bench-kit.js';
import { httpPaths, profileLoad } from './http/http.bench.js';
import { sseFanOut } from './http/sse-fanout.bench.js';
import { postgresRawScans, sqliteRawScans } from './raw-scans.js';
import { replay, seed } from './replay.bench.js';
import { benchmarkMarkdown, replaceGeneratedSection, scenarioLines, type BenchReport } from './report.js';
import { scratchDatabase } from './scratch-database.js';
import { startup } from './startup.bench.js';
import type { ScenarioResult } from './stats.js';
import { evaluateTargets } from './targets.js';

/**
 * `npm run bench`: every figure of ours next to its baselines, measured interleaved in the same run.
 * BENCH_SCALE scales the workload (default 1: 1,000 single appends, 10,000 batched events, a log grown to
 * 50,000 events in appends of ten, 100,000 events replayed, 3 s per HTTP load, 5,000 events fanned out
 * to 100 SSE clients); 0.1 is a quick run.
 * BENCH_ROUNDS sets the measured rounds of the append scenarios (default 5; the others run 3).
 * BENCH_DATABASE_URL names the PostgreSQL server to use (default the local test database); the run
 * creates a scratch database beside it and drops it at the end.
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sizes = {
  singles: Math.round(1000 * scale),
  batches: Math.round(100 * scale),
  growTo: Math.round(50_000 * scale),
  concurrentWriters: 8,
  rounds,
};
const replayTotal = Math.round(100_000 * scale);
const otherRounds = Math.min(3, rounds);
const httpSeconds = Math.max(1, Math.round(3 * scale));
const PROFILED_CONNECTIONS = 16;

async function main(): Promise<void> {
  const startLoad = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-bench-'));
  const database = await scratchDatabase(server, `goal_ledger_bench_${process.pid}`);
  const url = database.url;
  const results: ScenarioResult[] = [];
  const record = (result: ScenarioResult) => {
    results.push(result);
    log(`${result.group}: ${result.scenario}\n${scenarioLines(result)}`);
  };
  const profiles: NonNullable<BenchReport['profiles']>[number][] = [];
  try {
    log(`Appends (${JSON.stringify(sizes)})`);
    await sqliteAppends((name) => join(dir, `${name}.sqlite`), sizes, record);
    await postgresAppends(url, (name) => `bench_${name}`, sizes, record);

    log(`Replay of ${replayTotal} events`);
    const dataDir = join(dir, 'data');
    const file = join(dataDir, 'goal-ledger.sqlite');
    const sqlite = await SqliteEventStore.open(file);
    const total = await seed(sqlite, replayTotal);
    await replay('SQLite', sqlite, sqliteRawScans(file), total, otherRounds, record);
    await sqlite.close();
    record(await startup('SQLite', { dataDir }, { dataDir: join(dir, 'empty') }, total, otherRounds));

    const postgres = await PostgresEventStore.open({ connectionString: url, schema: 'bench_replay' });
    await seed(postgres, replayTotal);
    await replay('PostgreSQL', postgres, await postgresRawScans(url, 'bench_replay'), total, otherRounds, record);
    await postgres.close();
    const pgConfig = { store: 'postgres' as const, databaseUrl: url };
    record(await startup('PostgreSQL', { ...pgConfig, postgresSchema: 'bench_replay' }, { ...pgConfig, postgresSchema: 'bench_empty' }, total, otherRounds));

    log(`HTTP, ${httpSeconds} s per load`);
    await httpPaths(dir, httpSeconds, otherRounds, record);
    await sseFanOut(dir, Math.round(5000 * scale), otherRounds, record);
    for (const kind of ['write', 'read'] as const) {
      const file = join(process.cwd(), 'bench', `${kind}-load.cpuprofile`);
      const summary = await profileLoad(kind, dir, httpSeconds, PROFILED_CONNECTIONS, file);
      profiles.push({ ...summary, load: kind, connections: PROFILED_CONNECTIONS, seconds: httpSeconds });
      log(`CPU profile of the ${kind} load written to ${file}`);
    }
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    command: `${process.env.BENCH_SCALE ? `BENCH_SCALE=${scale} ` : ''}npm run bench`,
    machine: { ...database.machine },
    scale,
    loadAverage: { start: startLoad, end: loadavg()[0] },
    results,
    targets: evaluateTargets(results),
    profiles,
  };
  const json = join(process.cwd(), 'bench', 'results.json');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const doc = join(process.cwd(), 'docs', 'performance.md');
  writeFileSync(doc, replaceGeneratedSection(readFileSync(doc, 'utf8'), 'benchmark', benchmarkMarkdown(report)));
  log(`\n${report.targets.map((t) => `${t.status.padEnd(17)} ${t.label}: ${t.ratio ? t.ratio.median.toFixed(2) : '–'} (goal ≥ ${t.atLeast})`).join('\n')}`);
  log(`\nwritten to ${json} and ${doc}`);
}

mkdirSync(join(process.cwd(), 'bench'), { recursive: true });
main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
