import { describe, expect, it } from '@jest/globals';
import type { ContenderResult, ScenarioResult, Spread } from '../stats.js';
import { millionMarkdown, millionTargets, SCENARIOS, type MillionReport, type StoreRun } from './million-report.js';

const s = (median: number, min = median, max = median): Spread => ({ median, min, max });
const contender = (name: string, value: Spread, extra: Record<string, Spread> = {}): ContenderResult => ({ name, value, extra });
const scenario = (name: string, unit: string, ours: ContenderResult, baselines: ContenderResult[] = [], ratios: Spread[] = []): ScenarioResult => ({
  group: 'g',
  scenario: name,
  unit,
  rounds: 2,
  ours,
  baselines,
  comparisons: ratios.map((ratio, i) => ({ baseline: baselines[i].name, ratio, distinguishable: ratio.min > 1 || ratio.max < 1 })),
});

const run: StoreRun = {
  store: 'SQLite',
  events: 1_000_000,
  fill: { seconds: 100, appends: 200_000 },
  results: [
    scenario(SCENARIOS.rebuild('goals'), 'events/s', contender('ours', s(120_000, 110_000, 130_000)), [contender('raw', s(200_000))], [s(0.6, 0.55, 0.65)]),
    scenario(SCENARIOS.rebuild('audit'), 'events/s', contender('ours', s(105_000, 90_000, 120_000)), [contender('raw', s(500_000))], [s(0.21, 0.2, 0.22)]),
    scenario(SCENARIOS.startup, 's', contender('on the filled store', s(2.5, 2.4, 2.6), { peakRssMiB: s(300) }), [contender('on an empty store', s(1.5), { peakRssMiB: s(150) })], [s(0.6)]),
    scenario(SCENARIOS.goalList, 'ms', contender('ours', s(7), { p99Ms: s(19, 18, 21), requests: s(300) }), [contender('raw', s(3), { p99Ms: s(5), requests: s(300) })], [s(0.43)]),
  ],
};

describe('the million-event report', () => {
  it('judges each target by every round (met), by the median (met by the median) or misses it', () => {
    const status = Object.fromEntries(millionTargets(run).map((t) => [t.label, t.status]));
    expect(status).toEqual({
      'SQLite: goal list p99': 'met by the median',
      'SQLite: rebuild goals': 'met',
      'SQLite: rebuild goals ÷ raw scan': 'met',
      'SQLite: rebuild audit': 'met by the median',
      'SQLite: rebuild audit ÷ raw scan': 'missed',
      'SQLite: full rebuild, every read model one after the other': 'missed',
      'SQLite: start-up until ready': 'missed',
      'SQLite: start-up peak RSS': 'met',
    });
  });

  it('says what was measured, how, and on what', () => {
    const report: MillionReport = { date: '2026-11-28T16:00:00.000Z', command: 'npm run bench:million', target: 1_000_000, machine: { cores: 2 }, loadAverage: { start: 1.5, end: 2.25 }, stores: [run] };
    const markdown = millionMarkdown(report);
    expect(markdown).toContain('Measured 2026-11-28 with `npm run bench:million` (1,000,000 events per store) on: cores 2.');
    expect(markdown).toContain('load average 1.5 at the start and 2.3 at the end');
    expect(markdown).toContain('| SQLite: goal list p99 | < 20 ms | 19 ms (18 ms–21 ms) | met by the median |');
    expect(markdown).toContain('| goals | 120,000 (110,000–130,000) | 200,000 | 0.60× (0.55×–0.65×) |');
    // Two models taking 1e6/120e3 + 1e6/105e3 seconds one after the other.
    expect(markdown).toContain('All read models one after the other: 18 s for the log, 56,000 events/s.');
  });
});
