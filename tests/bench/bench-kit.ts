import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

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

/**
 * Samples the resident set size, to report the peak of a phase. It collects garbage first when the
 * process runs with --expose-gc (as `npm run bench` does), so that a phase does not inherit the last one's.
 */
export class PeakRss {
  private peak = (globalThis.gc?.(), process.memoryUsage().rss);
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

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** The commit the measured code was built from, marked when the working tree differs from it. */
export function commitOf(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return changed ? `${head} with uncommitted changes` : head;
  } catch {
    return undefined;
  }
}

/** What every stored benchmark run names: when, how and where it was measured. */
export interface MeasuredRun {
  readonly date: string;
  readonly command: string;
  /** The commit the measured code was built from (absent in reports written before it was recorded). */
  readonly commit?: string;
  readonly machine: Readonly<Record<string, string | number>>;
  /** The machine's one-minute load average when the run started and ended: other work skews the figures. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}
