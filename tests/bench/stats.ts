/**
 * The bench's statistics: contenders of one scenario run interleaved, round after round, and every
 * figure of ours is reported as the median of per-round ratios with their spread.
 */

/** One measurement of one contender: `value` in the scenario's unit, `extra` figures beside it (p99, peak RSS …). */
export interface Sample {
  readonly value: number;
  readonly extra?: Readonly<Record<string, number>>;
}

export interface Contender {
  readonly name: string;
  /** Measures once on a fresh store of its own; `round` lets it name that store. */
  measure(round: number): Promise<Sample>;
}

export interface Scenario {
  readonly group: string;
  readonly name: string;
  readonly unit: string;
  /** Rates are better higher, durations lower; ratios are turned so that above 1 always means ours is better. */
  readonly better: 'higher' | 'lower';
  /** Ours first, then the baselines it is compared with. */
  readonly contenders: readonly [Contender, ...Contender[]];
  readonly note?: string;
}

/** Median and range (min–max) over the measured rounds. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface ContenderResult {
  readonly name: string;
  readonly value: Spread;
  readonly extra: Readonly<Record<string, Spread>>;
}

export interface Comparison {
  readonly baseline: string;
  /** Per-round ours ÷ baseline (rates) or baseline ÷ ours (durations). */
  readonly ratio: Spread;
  /** False when the range of the ratio includes 1.0: the bench cannot tell the two apart. */
  readonly distinguishable: boolean;
}

export interface ScenarioResult {
  readonly group: string;
  readonly scenario: string;
  readonly unit: string;
  readonly rounds: number;
  readonly note?: string;
  readonly ours: ContenderResult;
  readonly baselines: readonly ContenderResult[];
  readonly comparisons: readonly Comparison[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Runs `warmUp` discarded rounds, then `rounds` measured ones. Each round runs every contender once, the
 * order rotated by one each round, so that drift of a shared machine (caches, autovacuum, a neighbour's
 * load) falls on each contender alike and shows up as spread rather than as a difference.
 */
export async function interleaved(scenario: Scenario, rounds: number, warmUp = 1): Promise<ScenarioResult> {
  const { contenders } = scenario;
  const samples: Sample[][] = contenders.map(() => []);
  for (let round = 0; round < warmUp + rounds; round += 1) {
    for (let step = 0; step < contenders.length; step += 1) {
      const index = (round + step) % contenders.length;
      const sample = await contenders[index].measure(round);
      if (round >= warmUp) samples[index].push(sample);
    }
  }
  const [ours, ...baselines] = contenders.map((contender, i) => summarise(contender.name, samples[i]));
  const comparisons = baselines.map((baseline, b) => {
    const ratios = samples[0].map((sample, round) => {
      const other = samples[b + 1][round].value;
      return scenario.better === 'higher' ? sample.value / other : other / sample.value;
    });
    const ratio = spread(ratios);
    return { baseline: baseline.name, ratio, distinguishable: ratio.min > 1 || ratio.max < 1 };
  });
  return { group: scenario.group, scenario: scenario.name, unit: scenario.unit, rounds, note: scenario.note, ours, baselines, comparisons };
}

function summarise(name: string, samples: readonly Sample[]): ContenderResult {
  const keys = [...new Set(samples.flatMap((s) => Object.keys(s.extra ?? {})))];
  const extra = Object.fromEntries(keys.map((key) => [key, spread(samples.map((s) => s.extra?.[key] ?? Number.NaN))]));
  return { name, value: spread(samples.map((s) => s.value)), extra };
}
