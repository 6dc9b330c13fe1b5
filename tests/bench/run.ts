import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresEventStore, SqliteEventStore } from '#event-store';
import { openPostgresReadModels, openSqliteReadModels } from '#projections';
import { postgresAppends, sqliteAppends } from './append.bench.js';
import { log, machine, table, type Measurement } from './bench-kit.js';
import { postgresRawScan, replay, seed, sqliteRawScan } from './replay.bench.js';
import { benchmarkMarkdown, replaceGeneratedSection, type BenchReport } from './report.js';
import { startup } from './startup.bench.js';

/**
 * `npm run bench`: every figure of ours next to a baseline measured in the same run.
 * BENCH_SCALE scales the workload (default 1: 1,000 single appends, 10,000 batched events, a log grown to
 * 100,000 events in appends of ten, 100,000 events replayed).
 * BENCH_DATABASE_URL names the PostgreSQL to use (default the local test database).
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sizes = {
  singles: Math.round(1000 * scale),
  batches: Math.round(100 * scale),
  growTo: Math.round(100_000 * scale),
  concurrentWriters: 8,
};
const replayTotal = Math.round(100_000 * scale);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-bench-'));
  const schema = `gl_bench_${process.pid}`;
  const results: Measurement[] = [];
  const record = (rows: Measurement[]) => {
    results.push(...rows);
    log(table(rows));
  };
  try {
    log(`SQLite appends (${JSON.stringify(sizes)})`);
    record(await sqliteAppends((name) => join(dir, `${name}.sqlite`), sizes));

    log(`PostgreSQL appends (${JSON.stringify(sizes)})`);
    record(await postgresAppends(url, (name) => `${schema}_${name}`, sizes));

    log(`SQLite replay of ${replayTotal} events`);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const sqlite = SqliteEventStore.open(join(dataDir, 'goal-ledger.sqlite'));
    const total = await seed(sqlite, replayTotal);
    const sqliteReadModels = await openSqliteReadModels(join(dataDir, 'goal-ledger.sqlite'));
    record(await replay('SQLite', sqlite, sqliteReadModels, sqliteRawScan(join(dataDir, 'goal-ledger.sqlite')), total));
    await sqliteReadModels.close();
    await sqlite.close();
    record([await startup('SQLite', { dataDir }, { dataDir: join(dir, 'empty') }, total)]);

    log(`PostgreSQL replay of ${replayTotal} events`);
    const postgres = await PostgresEventStore.open({ connectionString: url, schema });
    await seed(postgres, replayTotal);
    const postgresReadModels = await openPostgresReadModels({ connectionString: url, schema });
    record(await replay('PostgreSQL', postgres, postgresReadModels, postgresRawScan(url, schema), total));
    await postgresReadModels.close();
    await postgres.close();
    const pgConfig = { store: 'postgres' as const, databaseUrl: url };
    record([await startup('PostgreSQL', { ...pgConfig, postgresSchema: schema }, { ...pgConfig, postgresSchema: `${schema}_empty` }, total)]);
  } finally {
    await dropSchemas(schema);
    rmSync(dir, { recursive: true, force: true });
  }

  log(`\n${table(results)}`);
  const report: BenchReport = { date: new Date().toISOString(), machine: await describeMachine(), scale, results };
  const file = join(process.cwd(), 'bench', 'results.json');
  mkdirSync(join(process.cwd(), 'bench'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const doc = join(process.cwd(), 'docs', 'performance.md');
  writeFileSync(doc, replaceGeneratedSection(readFileSync(doc, 'utf8'), 'benchmark', benchmarkMarkdown(report)));
  log(`\nwritten to ${file} and ${doc}`);
}

async function describeMachine() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  return { ...machine(), postgres: rows[0].server_version };
}

/** Drops the run's schemas: `prefix` and every `prefix_…`. */
async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, $1 || '_')`,
    [prefix],
  );
  for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await client.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
