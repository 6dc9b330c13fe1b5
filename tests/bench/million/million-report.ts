import type { MeasuredRun } from '../bench-kit.js';
import type { ScenarioResult, Spread } from '../stats.js';

/** One store's part of the run: the fill (information only) and the scenarios measured on it. */
export interface StoreRun {
  readonly store: 'SQLite' | 'PostgreSQL';
  readonly events: number;
  readonly fill: { readonly seconds: number; readonly appends: number };
  readonly results: readonly ScenarioResult[];
}

/** What `npm run bench:million` writes to bench/million-results.json and shows in docs/performance.md. */
export interface MillionReport extends MeasuredRun {
  readonly target: number;
  readonly stores: readonly StoreRun[];
}

export type Status = 'met' | 'met by the median' | 'missed' | 'not measured';

export interface MillionTarget {
  readonly label: string;
  readonly goal: string;
  readonly figure: string;
  readonly status: Status;
}

/** Scenario names, shared by the run and the report. */
export const SCENARIOS = {
  rebuild: (model: string) => `rebuild ${model}`,
  startup: 'start-up until /health/ready',
  goalList: 'goal list of the municipality with 1,000 goals, random past asOf/knownAt',
  phaseEvaluation: 'phase evaluation, random phase, asOf and knownAt',
  programmeEvaluation: 'programme evaluation, random knownAt',
} as const;

const REBUILD_GOAL: Readonly<Record<StoreRun['store'], number>> = { SQLite: 100_000, PostgreSQL: 50_000 };
const REBUILD_VS_RAW = 0.5;
const LIST_P99_MS = 20;
const STARTUP_S = 2;
const STARTUP_RSS_MIB = 1024;

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
/** Three decimals below 0.1, so that a ratio of 0.004 does not read 0.00. */
const times = (n: number) => `${n.toFixed(n < 0.1 ? 3 : 2)}×`;
const range = (s: Spread, format: (n: number) => string) => `${format(s.median)} (${format(s.min)}–${format(s.max)})`;

/** Every round under (or over) the line: met; the median only: met by the median. */
function status(s: Spread | undefined, line: number, better: 'lower' | 'higher'): Status {
  if (!s) return 'not measured';
  const ok = (n: number) => (better === 'lower' ? n < line : n >= line);
  return ok(better === 'lower' ? s.max : s.min) ? 'met' : ok(s.median) ? 'met by the median' : 'missed';
}

const find = (run: StoreRun, scenario: string) => run.results.find((r) => r.scenario === scenario);
const rebuilds = (run: StoreRun) => run.results.filter((r) => r.scenario.startsWith('rebuild '));

/** The targets of issues 5 and 8 on one store, each with the figure it is judged by. */
export function millionTargets(run: StoreRun): MillionTarget[] {
  const targets: MillionTarget[] = [];
  const list = find(run, SCENARIOS.goalList);
  const p99 = list?.ours.extra.p99Ms;
  targets.push({ label: `${run.store}: goal list p99`, goal: `< ${LIST_P99_MS} ms`, figure: p99 ? range(p99, ms) : '–', status: status(p99, LIST_P99_MS, 'lower') });
  for (const r of rebuilds(run)) {
    const name = r.scenario.slice('rebuild '.length);
    const ratio = r.comparisons[0]?.ratio;
    targets.push({ label: `${run.store}: rebuild ${name}`, goal: `≥ ${integer(REBUILD_GOAL[run.store])} events/s`, figure: range(r.ours.value, integer), status: status(r.ours.value, REBUILD_GOAL[run.store], 'higher') });
    targets.push({ label: `${run.store}: rebuild ${name} ÷ raw scan`, goal: `≥ ${times(REBUILD_VS_RAW)}`, figure: ratio ? range(ratio, times) : '–', status: status(ratio, REBUILD_VS_RAW, 'higher') });
  }
  // A full rebuild runs every read model over the whole log, one after the other: the sum of their times.
  const models = rebuilds(run);
  if (models.length > 0) {
    const full = (pick: (r: ScenarioResult) => number) => run.events / models.reduce((sum, r) => sum + run.events / pick(r), 0);
    const fullRate = { median: full((r) => r.ours.value.median), min: full((r) => r.ours.value.min), max: full((r) => r.ours.value.max) };
    targets.push({ label: `${run.store}: full rebuild, every read model one after the other`, goal: `≥ ${integer(REBUILD_GOAL[run.store])} events/s`, figure: range(fullRate, integer), status: status(fullRate, REBUILD_GOAL[run.store], 'higher') });
  }
  const startup = find(run, SCENARIOS.startup);
  const rss = startup?.ours.extra.peakRssMiB;
  targets.push({ label: `${run.store}: start-up until ready`, goal: `< ${STARTUP_S} s`, figure: startup ? range(startup.ours.value, (n) => `${n.toFixed(2)} s`) : '–', status: status(startup?.ours.value, STARTUP_S, 'lower') });
  targets.push({ label: `${run.store}: start-up peak RSS`, goal: `< ${integer(STARTUP_RSS_MIB)} MiB`, figure: rss ? range(rss, (n) => `${integer(n)} MiB`) : '–', status: status(rss, STARTUP_RSS_MIB, 'lower') });
  return targets;
}

const table = (header: string, rows: readonly string[], right: readonly number[] = []) => {
  const rule = header.split(' | ').map((_, i) => (right.includes(i) ? '--:' : '---'));
  return [`| ${header} |`, `| ${rule.join(' | ')} |`, ...rows.map((row) => `| ${row} |`)];
};

function storeSection(run: StoreRun): string[] {
  const rebuildRows = rebuilds(run).map((r) => {
    const raw = r.baselines[0];
    return `${r.scenario.slice('rebuild '.length)} | ${range(r.ours.value, integer)} | ${integer(raw.value.median)} | ${range(r.comparisons[0].ratio, times)}`;
  });
  // A full rebuild runs every read model over the whole log: the sum of their times.
  const fullSeconds = rebuilds(run).reduce((sum, r) => sum + run.events / r.ours.value.median, 0);
  const startup = find(run, SCENARIOS.startup);
  const startupRows = startup
    ? [startup.ours, ...startup.baselines].map((c) => `${c.name} | ${c.value.median.toFixed(2)} s (${c.value.min.toFixed(2)}–${c.value.max.toFixed(2)}) | ${integer(c.extra.peakRssMiB?.median ?? Number.NaN)} MiB`)
    : [];
  const latencyRows = [SCENARIOS.goalList, SCENARIOS.phaseEvaluation, SCENARIOS.programmeEvaluation].flatMap((scenario) => {
    const r = find(run, scenario);
    if (!r) return [];
    return [r.ours, ...r.baselines].map((c, i) => {
      const vs = i === 0 ? '' : range(r.comparisons[i - 1].ratio, times);
      return `${i === 0 ? scenario : ''} | ${c.name} | ${integer(c.extra.requests?.median ?? Number.NaN)} | ${range(c.value, ms)} | ${range(c.extra.p99Ms, ms)} | ${vs}`;
    });
  });
  const rounds = [...new Set(run.results.map((r) => r.rounds))].join(' or ');
  return [
    `### ${run.store}`,
    '',
    `${integer(run.events)} events, filled in ${run.fill.seconds.toFixed(0)} s (${integer(run.events / run.fill.seconds)} events/s in ${integer(run.fill.appends)} appends through the checked store, commits not waiting for the disk; information only). ${rounds} measured rounds per scenario.`,
    '',
    `Rebuild of each read model from position 0 (events/s, median (min–max)), beside the fastest raw SELECT + JSON.parse scan of the same log in the same rounds (${rebuilds(run)[0]?.baselines[0]?.name ?? '–'}):`,
    '',
    ...table('read model | ours | raw scan | ours ÷ raw', rebuildRows, [1, 2, 3]),
    '',
    `All read models one after the other: ${fullSeconds.toFixed(0)} s for the log, ${integer(run.events / fullSeconds)} events/s.`,
    '',
    'Start-up of the API process until /health/ready answers 200, read models up to date, and its peak RSS:',
    '',
    ...table('store | until ready | peak RSS', startupRows, [1, 2]),
    '',
    'Sequential requests as the admin (p50 and p99 per round, median (min–max) over the rounds); the raw row runs the same statements with the bare driver:',
    '',
    ...table('request | client | requests per round | p50 | p99 | raw ÷ ours (p50)', latencyRows, [2, 3, 4, 5]),
    '',
  ];
}

/** The generated million-event section of docs/performance.md. */
export function millionMarkdown(report: MillionReport): string {
  const machine = Object.entries(report.machine).map(([key, v]) => `${key} ${v}`).join(', ');
  const targets = report.stores.flatMap(millionTargets).map((t) => `${t.label} | ${t.goal} | ${t.figure} | ${t.status}`);
  return [
    `Measured ${report.date.slice(0, 10)} with \`${report.command}\` (${integer(report.target)} events per store)${report.commit ? ` on the code of ${report.commit}` : ''} on: ${machine}.`,
    `One-minute load average ${report.loadAverage.start.toFixed(1)} at the start and ${report.loadAverage.end.toFixed(1)} at the end of the run.`,
    'Ratios are per round, shown as median (min–max); above 1 means ours is faster, below 1 slower.',
    '',
    '### Targets (issues 5 and 8)',
    '',
    ...table('target | goal | ours | status', targets, [2]),
    '',
    ...report.stores.flatMap(storeSection),
  ]
    .join('\n')
    .trimEnd();
}
