import { cpus, totalmem } from 'node:os';

/** One measured scenario: ours and its baseline measured in the same run, on the same machine. */
export interface Measurement {
  readonly group: string;
  readonly scenario: string;
  readonly unit: string;
  readonly ours: number;
  readonly baseline: number;
  readonly baselineName: string;
  /** How ours compares: ours / baseline for rates, baseline / ours for durations (below 100 % = slower). */
  readonly ratio: number;
  readonly note?: string;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

/** Operations per second of `work`, which performs `operations` operations. */
export async function rate(operations: number, work: () => Promise<unknown>): Promise<number> {
  const { seconds } = await timed(work);
  return operations / seconds;
}

export function measurement(group: string, scenario: string, unit: string, ours: number, baselineName: string, baseline: number, note?: string): Measurement {
  const ratio = unit === 's' ? baseline / ours : ours / baseline;
  return { group, scenario, unit, ours, baseline, baselineName, ratio, note };
}

/** Samples the resident set size, to report the peak of a phase. */
export class PeakRss {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 20);

  sample(): number {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }

  stop(): number {
    clearInterval(this.timer);
    return this.sample();
  }
}

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3));

export function table(rows: readonly Measurement[]): string {
  const lines = [
    ['scenario', 'ours', 'baseline', 'ratio', 'baseline is', 'note'],
    ...rows.map((r) => [
      `${r.group}: ${r.scenario}`,
      `${format(r.ours)} ${r.unit}`,
      `${format(r.baseline)} ${r.unit}`,
      `${(r.ratio * 100).toFixed(0)} %`,
      r.baselineName,
      r.note ?? '',
    ]),
  ];
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ')).join('\n');
}

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}
