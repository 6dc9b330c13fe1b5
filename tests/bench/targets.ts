import type { ScenarioResult, Spread } from './stats.js';

/** A goal for one ratio of the benchmark: ours ÷ `baseline` in a scenario at least `atLeast`. */
interface Target {
  readonly label: string;
  readonly group: string;
  readonly scenario: (name: string) => boolean;
  readonly baseline: (name: string) => boolean;
  readonly atLeast: number;
}

export interface TargetResult {
  readonly label: string;
  readonly atLeast: number;
  readonly ratio?: Spread;
  /** met: in every round; met by the median: not in every round; missed: the median is below. */
  readonly status: 'met' | 'met by the median' | 'missed' | 'not measured';
}

const emmett = (name: string) => name.startsWith('Emmett');
const rawInsert = (name: string) => name.startsWith('pg INSERT');
const bare = (name: string) => name === 'bare Nest endpoint';

const HTTP_TARGETS = [1, 16, 64].flatMap((connections): Target[] => {
  const at = (name: string) => name.endsWith(`, ${connections} connection${connections > 1 ? 's' : ''}`);
  return [
    { label: `HTTP write at ${connections} conn. vs. the bare endpoint`, group: 'HTTP', scenario: (n) => n.startsWith('write') && at(n), baseline: bare, atLeast: 0.4 },
    { label: `HTTP read at ${connections} conn. vs. the bare endpoint`, group: 'HTTP', scenario: (n) => n.startsWith('read') && at(n), baseline: bare, atLeast: 0.9 },
  ];
});

/** The targets of issue 6 ("a benchmark you can trust"). */
export const TARGETS: readonly Target[] = [
  { label: 'PostgreSQL appends, 8 concurrent writers, vs. Emmett', group: 'PostgreSQL append', scenario: (n) => n.endsWith('8 concurrent writers'), baseline: emmett, atLeast: 1.5 },
  { label: 'PostgreSQL appends, 8 concurrent writers, vs. raw pg inserts', group: 'PostgreSQL append', scenario: (n) => n.endsWith('8 concurrent writers'), baseline: rawInsert, atLeast: 0.7 },
  { label: 'PostgreSQL single-event appends vs. Emmett', group: 'PostgreSQL append', scenario: (n) => n === 'single-event appends', baseline: emmett, atLeast: 1.0 },
  { label: 'PostgreSQL 100-event batches vs. Emmett', group: 'PostgreSQL append', scenario: (n) => n === '100-event batches', baseline: emmett, atLeast: 1.0 },
  ...HTTP_TARGETS,
];

export function evaluateTargets(results: readonly ScenarioResult[]): TargetResult[] {
  return TARGETS.map(({ label, group, scenario, baseline, atLeast }) => {
    const ratio = results
      .find((r) => r.group === group && scenario(r.scenario))
      ?.comparisons.find((c) => baseline(c.baseline))?.ratio;
    if (!ratio) return { label, atLeast, status: 'not measured' };
    const status = ratio.min >= atLeast ? 'met' : ratio.median >= atLeast ? 'met by the median' : 'missed';
    return { label, atLeast, ratio, status };
  });
}
