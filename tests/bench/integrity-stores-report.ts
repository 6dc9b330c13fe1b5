import type { MeasuredRun } from './bench-kit.js';

/** Latencies of one kind of proof, in milliseconds. */
export interface ProofLatency {
  readonly count: number;
  readonly median: number;
  readonly p99: number;
  readonly max: number;
}

/** One store's figures: the tree built from position 0, proofs, `verify`'s walk and its raw floors. */
export interface IntegrityStoreRun {
  readonly store: 'SQLite' | 'PostgreSQL';
  readonly buildSeconds: number;
  readonly inclusion: ProofLatency;
  readonly consistency: ProofLatency;
  readonly verifySeconds: number;
  /** Reading the stored log and forming each event's canonical bytes, nothing else. */
  readonly readLogSeconds: number;
  readonly sha256Seconds: number;
  readonly megabytes: number;
}

/** What `npm run bench:integrity:stores` writes to bench/integrity-results.json and shows in docs/integrity.md. */
export interface IntegrityStoresReport extends MeasuredRun {
  readonly events: number;
  readonly stores: readonly IntegrityStoreRun[];
}

/** A proof is served within this many milliseconds on a log of a million events. */
export const PROOF_TARGET_MS = 50;

const integer = (value: number) => Math.round(value).toLocaleString('en');
const ms = (value: number) => (value < 10 ? `${value.toFixed(1)} ms` : `${integer(value)} ms`);
const perSecond = (events: number, seconds: number) => `${integer(events / seconds)} events/s`;
const latency = ({ median, p99, max }: ProofLatency) => `median ${ms(median)}, p99 ${ms(p99)}, max ${ms(max)}`;

function status({ median, p99 }: ProofLatency): string {
  if (p99 < PROOF_TARGET_MS) return 'met (p99)';
  return median < PROOF_TARGET_MS ? 'met by the median, missed at p99' : 'missed';
}

/** The generated figures of docs/integrity.md, "In the service, on a million events". */
export function integrityStoresMarkdown(report: IntegrityStoresReport): string {
  const machine = Object.entries(report.machine).map(([key, value]) => `${key} ${value}`).join(', ');
  const columns = report.stores.map((run) => run.store);
  const row = (what: string, cell: (run: IntegrityStoreRun) => string) => `| ${what} | ${report.stores.map(cell).join(' | ')} |`;
  const { events } = report;
  return [
    `Measured ${report.date.slice(0, 10)} with \`${report.command}\` (${integer(events)} events per store)${report.commit ? ` on the code of ${report.commit}` : ''} on: ${machine}.`,
    `One-minute load average ${report.loadAverage.start.toFixed(1)} at the start and ${report.loadAverage.end.toFixed(1)} at the end of the run.`,
    '',
    `| what, ${integer(events)} events | ${columns.join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
    row('building the tree from position 0 (runner, batches of 1,000)', (run) => `${integer(run.buildSeconds)} s, ${perSecond(events, run.buildSeconds)}`),
    row(`${integer(report.stores[0]?.inclusion.count ?? 0)} inclusion proofs with their signed heads, random sizes`, (run) => latency(run.inclusion)),
    row(`${integer(report.stores[0]?.consistency.count ?? 0)} consistency proofs with their signed heads`, (run) => latency(run.consistency)),
    row(`proofs within ${PROOF_TARGET_MS} ms (the target)`, (run) => `inclusion ${status(run.inclusion)}; consistency ${status(run.consistency)}`),
    row('`verify`’s walk of the whole log', (run) => `${integer(run.verifySeconds)} s, ${perSecond(events, run.verifySeconds)}`),
    row('reading the stored log and its canonical bytes alone', (run) => perSecond(events, run.readLogSeconds)),
    row('raw SHA-256 over the same canonical bytes (in memory)', (run) => `${perSecond(events, run.sha256Seconds)} (${integer(run.megabytes / run.sha256Seconds)} MB/s over ${integer(run.megabytes)} MB)`),
    row('`verify` ÷ raw SHA-256', (run) => `${((run.sha256Seconds / run.verifySeconds) * 100).toFixed(1)} %`),
  ].join('\n');
}
