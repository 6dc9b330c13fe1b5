import type { ProfileSummary } from './http/cpu-profile.js';
import type { ScenarioResult, Spread } from './stats.js';
import type { TargetResult } from './targets.js';

/** What `npm run bench` writes to bench/results.json and shows in docs/performance.md. */
export interface BenchReport {
  readonly date: string;
  readonly command: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly scale: number;
  /** The machine's one-minute load average when the run started and ended: other work skews the figures. */
  readonly loadAverage?: { readonly start: number; readonly end: number };
  readonly results: readonly ScenarioResult[];
  readonly targets: readonly TargetResult[];
  /** CPU profiles of the API under the HTTP write and read loads. */
  readonly profiles?: readonly (ProfileSummary & { readonly load: 'write' | 'read'; readonly connections: number; readonly seconds: number })[];
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const value = (n: number, unit: string) => (unit === 's' ? `${(n * 1000).toFixed(0)} ms` : `${integer(n)} ${unit}`);
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
/** autocannon records latencies in whole milliseconds. */
const latency = (n: number) => (n < 1 ? '< 1 ms' : ms(n));
const times = (n: number) => `${n.toFixed(2)}×`;
const ratio = (r: Spread) => `${times(r.median)} (${times(r.min)}–${times(r.max)})`;
const mib = (r?: Spread) => (r ? `, peak RSS ${integer(r.median)} MiB` : '');

/** Rows of one scenario: ours once, then one row per baseline with its ratio. */
function scenarioRows(r: ScenarioResult): string[] {
  return r.comparisons.map((c, i) => {
    const baseline = r.baselines[i];
    const first = i === 0;
    const verdict = c.distinguishable ? '' : ' not distinguishable';
    return [
      first ? `${r.group}: ${r.scenario}${r.note ? ` (${r.note})` : ''}` : '',
      first ? `${value(r.ours.value.median, r.unit)}${mib(r.ours.extra.peakRssMiB)}` : '',
      baseline.name,
      `${value(baseline.value.median, r.unit)}${mib(baseline.extra.peakRssMiB)}`,
      `${ratio(c.ratio)}${verdict}`,
    ].join(' | ');
  });
}

/** The fan-out per server: deliveries per second and how long the median and the slowest client took. */
function liveFeedRows(r: ScenarioResult): string[] {
  return [r.ours, ...r.baselines].map((c, i) => {
    const comparison = i === 0 ? '' : ratio(r.comparisons[i - 1].ratio) + (r.comparisons[i - 1].distinguishable ? '' : ' not distinguishable');
    const extra = (key: string) => (c.extra[key] ? latency(c.extra[key].median) : '');
    return [i === 0 ? `${r.scenario} (${r.note ?? ''})` : '', c.name, integer(c.value.median), extra('p50ClientMs'), extra('slowestClientMs'), comparison].join(' | ');
  });
}

function httpRows(r: ScenarioResult): string[] {
  const contenders = [r.ours, ...r.baselines];
  return contenders.map((c, i) => {
    const comparison = i === 0 ? '' : ratio(r.comparisons[i - 1].ratio) + (r.comparisons[i - 1].distinguishable ? '' : ' not distinguishable');
    const extra = (key: string) => (c.extra[key] ? latency(c.extra[key].median) : '');
    return [i === 0 ? r.scenario : '', c.name, integer(c.value.median), extra('p50Ms'), extra('p99Ms'), comparison].join(' | ');
  });
}

/** For a scenario whose contenders sampled pg_stat_activity: what the busy backends waited on, top four. */
function waits(r: ScenarioResult): string[] {
  const top = (extra: ScenarioResult['ours']['extra']) =>
    Object.entries(extra)
      // A wait seen in only some rounds has no median share over all of them (NaN, or null once stored).
      .filter(([key, share]) => key.startsWith('wait ') && Number.isFinite(share.median))
      .sort((a, b) => b[1].median - a[1].median)
      .slice(0, 4)
      .map(([key, share]) => `${key.slice('wait '.length)} ${(share.median * 100).toFixed(0)} %`)
      .join(', ');
  const rows = [r.ours, ...r.baselines].map((c) => `${c.name} | ${top(c.extra)}`).filter((row) => !row.endsWith('| '));
  if (rows.length === 0) return [];
  return [
    '',
    `What PostgreSQL's busy backends were doing during "${r.scenario}" (share of samples of pg_stat_activity, median of the rounds):`,
    '',
    ...table('contender | running, or waiting on', rows),
  ];
}

/** A markdown table; the columns numbered in `right` hold figures and are right-aligned. */
const table = (header: string, rows: readonly string[], right: readonly number[] = []) => {
  const rule = header.split(' | ').map((_, i) => (right.includes(i) ? '--:' : '---'));
  return [`| ${header} |`, `| ${rule.join(' | ')} |`, ...rows.map((row) => `| ${row} |`)];
};

/** The latency of one write at one connection, and a summary of each profiled load. */
function whereTheTimeGoes(report: BenchReport): string[] {
  const single = report.results.find((r) => r.group === 'HTTP' && r.scenario.startsWith('write') && r.scenario.endsWith(' 1 connection'));
  const commit = report.results.find((r) => r.group === 'SQLite append' && r.scenario === 'single-event appends')?.baselines[0];
  const lines: string[] = [];
  if (single) {
    lines.push('Latency of one write at one connection (p50, median of the rounds):', '');
    const rows = [single.ours, ...single.baselines].map((c) => `${c.name} | ${c.extra.p50Ms ? latency(c.extra.p50Ms.median) : ''}`);
    if (commit) rows.push(`one SQLite commit with fsync (${commit.name}, from the append figures) | ${ms(1000 / commit.value.median)}`);
    lines.push(...table('path | p50', rows, [1]), '');
  }
  for (const profile of report.profiles ?? []) {
    const entry = (e: { name: string; ms: number; share: number }) => `${e.name} | ${integer(e.ms)} ms | ${(e.share * 100).toFixed(1)} %`;
    lines.push(
      `CPU profile of the API process under the ${profile.load} load (${profile.connections} connections, ${profile.seconds} s, ${integer(profile.sampledMs)} ms sampled), self time by origin:`,
      '',
      ...table('origin | self time | share', profile.byOrigin.map(entry), [1, 2]),
      '',
      `The functions with the most self time under the ${profile.load} load:`,
      '',
      ...table('function | self time | share', profile.topFunctions.map(entry), [1, 2]),
      '',
    );
  }
  return lines;
}

/** The generated part of docs/performance.md, rendered from a report. */
export function benchmarkMarkdown(report: BenchReport): string {
  const machine = Object.entries(report.machine).map(([key, v]) => `${key} ${v}`).join(', ');
  const rounds = [...new Set(report.results.map((r) => r.rounds))].sort().join(' or ');
  const of = (...groups: string[]) => report.results.filter((r) => groups.some((g) => r.group.startsWith(g)));
  const rebuilds = report.results
    .filter((r) => r.scenario.startsWith('rebuild'))
    .map((r) => `${r.group.replace(' replay', '')}: ${r.scenario} | ${(1_000_000 / r.ours.value.median).toFixed(0)} s`);
  const targetRows = report.targets.map((t) => `${t.label} | ≥ ${times(t.atLeast)} | ${t.ratio ? ratio(t.ratio) : '–'} | ${t.status}`);
  const scenarioTable = (rows: readonly ScenarioResult[]) =>
    table('scenario | ours | baseline | baseline figure | ours ÷ baseline', rows.flatMap(scenarioRows), [1, 3, 4]);
  return [
    `Measured ${report.date.slice(0, 10)} with \`${report.command}\` (scale ${report.scale}) on: ${machine}.`,
    ...(report.loadAverage
      ? [`One-minute load average ${report.loadAverage.start.toFixed(1)} at the start and ${report.loadAverage.end.toFixed(1)} at the end of the run.`]
      : []),
    `Every figure is the median of ${rounds} interleaved rounds; ratios are per round, shown as median (min–max).`,
    '',
    '### Targets',
    '',
    ...table('target | goal | ours ÷ baseline | status', targetRows, [1, 2]),
    '',
    '### Appends',
    '',
    ...scenarioTable(of('SQLite append', 'PostgreSQL append')),
    ...of('PostgreSQL append').flatMap(waits),
    '',
    '### Replay and start-up',
    '',
    ...scenarioTable(of('SQLite replay', 'PostgreSQL replay', 'start-up')),
    '',
    'Rebuilding a read model from position 0, extrapolated from the medians above:',
    '',
    ...table('read model | time per million events', rebuilds, [1]),
    '',
    '### HTTP',
    '',
    ...table('scenario | server | requests/s | p50 | p99 | ours ÷ it', of('HTTP').flatMap(httpRows), [2, 3, 4, 5]),
    '',
    '### Live feed',
    '',
    ...table('scenario | server | deliveries/s | median client | slowest client | ours ÷ it', of('Live feed').flatMap(liveFeedRows), [2, 3, 4, 5]),
    '',
    '### Where the time goes',
    '',
    ...whereTheTimeGoes(report),
  ]
    .join('\n')
    .trimEnd();
}

/** The lines `npm run bench` prints when a scenario is done. */
export function scenarioLines(r: ScenarioResult): string {
  return (r.group === 'HTTP' ? httpRows(r) : scenarioRows(r)).map((row) => `  ${row}`).join('\n');
}

/** Replaces the text between `<!-- generated:name -->` and `<!-- /generated:name -->`. */
export function replaceGeneratedSection(markdown: string, name: string, content: string): string {
  const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(\\n<!-- /generated:${name} -->)`);
  if (!pattern.test(markdown)) throw new Error(`no generated:${name} section`);
  return markdown.replace(pattern, (_, start: string, end: string) => `${start}${content}${end}`);
}

/** The text between `<!-- generated:name -->` and `<!-- /generated:name -->` in a markdown file. */
export function generatedSection(markdown: string, name: string): string | undefined {
  const match = new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)\\n<!-- /generated:${name} -->`).exec(markdown);
  return match?.[1];
}
