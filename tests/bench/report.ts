import type { Measurement } from './bench-kit.js';

/** What `npm run bench` writes to bench/results.json and shows in docs/performance.md. */
export interface BenchReport {
  readonly date: string;
  readonly machine: Record<string, string | number>;
  readonly scale: number;
  readonly results: readonly Measurement[];
}

const number = (n: number, unit: string) =>
  unit === 's' ? `${(n * 1000).toFixed(0)} ms` : `${Math.round(n).toLocaleString('en-US')} ${unit}`;

/** The markdown table of docs/performance.md, rendered from a report. */
export function benchmarkMarkdown(report: BenchReport): string {
  const machine = Object.entries(report.machine).map(([key, value]) => `${key} ${value}`).join(', ');
  const rows = report.results.map(
    (r) =>
      `| ${r.group}: ${r.scenario} | ${number(r.ours, r.unit)} | ${number(r.baseline, r.unit)} | ${(r.ratio * 100).toFixed(0)} % | ${r.baselineName}${r.note ? ` (${r.note})` : ''} |`,
  );
  const rebuilds = report.results
    .filter((r) => r.scenario.startsWith('rebuild'))
    .map((r) => `| ${r.group.replace(' replay', '')}: ${r.scenario} | ${(1_000_000 / r.ours).toFixed(0)} s |`);
  return [
    `Measured ${report.date.slice(0, 10)} at scale ${report.scale} on: ${machine}.`,
    '',
    '| scenario | ours | baseline | ours vs. baseline | baseline |',
    '| --- | --: | --: | --: | --- |',
    ...rows,
    '',
    'Rebuilding a read model from position 0, extrapolated from the rates above:',
    '',
    '| read model | time per million events |',
    '| --- | --: |',
    ...rebuilds,
  ].join('\n');
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
