import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { openSqlite, quoteSchema } from '#event-store';
import { GoalQueries, type GoalTables, type PointOfView } from '#projections';
import { TEST_ADMIN_HEADERS } from '../../support/test-admin.js';
import { type Contender, type Sample } from '../stats.js';
import { BIG_MUNICIPALITY, MODEL_PHASE, PROGRAMME, ROLLOUT_PHASE, random } from './world.js';

/** The recording window of the log, and when the roll-out phase became known (its evaluation exists from then). */
export interface Recording {
  readonly first: string;
  readonly last: string;
  readonly rolloutKnownFrom: string;
}

const WORLD_START = Date.parse('2012-01-01T00:00:00.000Z');
/** The list's page: the API's default limit (50); one more row tells whether a next page follows. */
export const PAGE = 50;

const instantBetween = (from: number, to: number, rng: () => number) => new Date(from + Math.floor(rng() * (to - from))).toISOString();

/** A past point of view: asOf between 2012 and now, knownAt between `from` and the last recording. */
export function randomView(recording: Recording, rng: () => number, from = recording.first): PointOfView {
  return {
    asOf: instantBetween(WORLD_START, Date.now(), rng),
    knownAt: instantBetween(Date.parse(from), Date.parse(recording.last), rng),
    currentWorld: false,
    currentKnowledge: false,
  };
}

/** Nearest-rank percentile of latencies in ms. */
export function percentile(latencies: readonly number[], p: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencySample(latencies: readonly number[]): Sample {
  return { value: percentile(latencies, 50), extra: { p99Ms: percentile(latencies, 99), maxMs: Math.max(...latencies), requests: latencies.length } };
}

async function timedMs(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * `requests` sequential GETs of the paths `pathOf` gives, each checked for 200 and read to the end. A round
 * stops early once `budgetSeconds` have passed and at least `atLeast` requests were sent: a slow view must
 * not hold the run for hours; `requests` in the sample's extra says how many were sent.
 */
export function overHttp(name: string, url: string, requests: number, seed: number, pathOf: (rng: () => number) => string, budgetSeconds = Infinity, atLeast = 20): Contender {
  return {
    name,
    measure: async (round) => {
      const rng = random(seed + round);
      const latencies: number[] = [];
      const deadline = Date.now() + budgetSeconds * 1000;
      for (let i = 0; i < requests && (i < atLeast || Date.now() < deadline); i += 1) {
        const path = pathOf(rng);
        latencies.push(
          await timedMs(async () => {
            const response = await fetch(`${url}${path}`, { headers: TEST_ADMIN_HEADERS });
            const body = await response.text();
            if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 500)}`);
          }),
        );
      }
      return latencySample(latencies);
    },
  };
}

export const goalListPath = (view: PointOfView) => `/v1/goals?municipalityId=${BIG_MUNICIPALITY}&asOf=${view.asOf}&knownAt=${view.knownAt}`;

/** The phase evaluation of one of the two phases; the roll-out only at a knownAt that knows it. */
export function phaseEvaluationPath(recording: Recording, rng: () => number): string {
  const rollout = rng() < 0.5;
  const view = randomView(recording, rng, rollout ? recording.rolloutKnownFrom : recording.first);
  return `/v1/programmes/${PROGRAMME}/phases/${rollout ? ROLLOUT_PHASE : MODEL_PHASE}/evaluation?asOf=${view.asOf}&knownAt=${view.knownAt}`;
}

export const programmeEvaluationPath = (recording: Recording, rng: () => number) => `/v1/programmes/${PROGRAMME}/evaluation?knownAt=${randomView(recording, rng).knownAt}`;

/** Compiles queries only: the statements the read side sends, for the bare driver to run. */
function compiler(dialect: 'sqlite' | 'postgres'): Kysely<GoalTables> {
  const sqlite = dialect === 'sqlite';
  return new Kysely<GoalTables>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

/**
 * The statements behind one page of the goal list at a point of view: the page of versions compiled from
 * the read side's own builder, the bookkeeping of its goals and the log position of the view written as
 * GoalQueries and lastPositionKnownAt write them.
 */
export function goalListStatements(db: Kysely<GoalTables>, view: PointOfView) {
  const page = new GoalQueries(db).listQuery({ municipalityId: [BIG_MUNICIPALITY] }, { field: 'id', descending: false }, undefined, PAGE + 1, view).compile();
  const bookkeeping = (ids: readonly string[]) =>
    db.selectFrom('goal_facts').select(['goal_id', 'revision', 'position', 'recorded_at']).where('goal_id', 'in', [...ids]).where('recorded_at', '<=', view.knownAt).compile();
  const position = (db as unknown as Kysely<Record<string, { position: number; recorded_at: string }>>)
    .selectFrom('goal_facts')
    .select('position')
    .where('recorded_at', '<=', view.knownAt)
    .orderBy('recorded_at', 'desc')
    .orderBy('position', 'desc')
    .limit(1)
    .compile();
  return { page, bookkeeping, position };
}

interface RawDriver {
  run(query: CompiledQuery): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function rawDriver(store: { sqliteFile?: string; postgres?: { url: string; schema: string } }): Promise<RawDriver> {
  if (store.sqliteFile) {
    const db = openSqlite(store.sqliteFile, { readonly: true });
    return {
      run: async (query) => db.prepare(query.sql).all(...(query.parameters as unknown[])) as Record<string, unknown>[],
      close: async () => void db.close(),
    };
  }
  const { url, schema } = store.postgres as { url: string; schema: string };
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${quoteSchema(schema)}` });
  await client.connect();
  return { run: async (query) => (await client.query(query.sql, query.parameters as unknown[])).rows, close: () => client.end() };
}

/**
 * The baseline of the goal list: the bare driver sending the same statements for the same points of view
 * (the page, then its goals' bookkeeping, and the log position), without HTTP, Nest or the mapping to views.
 */
export async function rawGoalList(store: { sqliteFile?: string; postgres?: { url: string; schema: string } }, recording: Recording, requests: number, seed: number) {
  const driver = await rawDriver(store);
  const db = compiler(store.sqliteFile ? 'sqlite' : 'postgres');
  const contender: Contender = {
    name: `${store.sqliteFile ? 'better-sqlite3' : 'pg'}: the same statements on the read-model tables`,
    measure: async (round) => {
      const rng = random(seed + round);
      const latencies: number[] = [];
      for (let i = 0; i < requests; i += 1) {
        const statements = goalListStatements(db, randomView(recording, rng));
        latencies.push(
          await timedMs(async () => {
            const [rows] = await Promise.all([driver.run(statements.page), driver.run(statements.position)]);
            if (rows.length > 0) await driver.run(statements.bookkeeping(rows.map((row) => String(row.goal_id))));
          }),
        );
      }
      return latencySample(latencies);
    },
  };
  return { contender, close: () => driver.close() };
}
