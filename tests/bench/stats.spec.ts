import { describe, expect, it } from '@jest/globals';
import { interleaved, spread, type Contender } from './stats.js';

/** A contender that answers the given values in turn and records when it ran. */
function scripted(name: string, values: number[], calls: string[]): Contender {
  let next = 0;
  return {
    name,
    measure: async () => {
      calls.push(name);
      return { value: values[next++], extra: { p99Ms: 10 * next } };
    },
  };
}

describe('the bench statistics', () => {
  it('takes the middle value as the median, and the mean of the middle two for an even count', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('rotates the order of the contenders every round and discards the warm-up round', async () => {
    const calls: string[] = [];
    const result = await interleaved(
      {
        group: 'g',
        name: 's',
        unit: 'events/s',
        better: 'higher',
        contenders: [scripted('ours', [1, 10, 20, 30], calls), scripted('raw', [1, 5, 10, 60], calls), scripted('peer', [1, 1, 1, 1], calls)],
      },
      3,
    );
    expect(calls).toEqual(['ours', 'raw', 'peer', 'raw', 'peer', 'ours', 'peer', 'ours', 'raw', 'ours', 'raw', 'peer']);
    expect(result.ours.value).toEqual({ median: 20, min: 10, max: 30 });
    expect(result.ours.extra.p99Ms).toEqual({ median: 30, min: 20, max: 40 });
    expect(result.comparisons[0]).toEqual({ baseline: 'raw', ratio: { median: 2, min: 0.5, max: 2 }, distinguishable: false });
    expect(result.comparisons[1]).toEqual({ baseline: 'peer', ratio: { median: 20, min: 10, max: 30 }, distinguishable: true });
  });

  it('turns duration ratios around, so that above 1 still means ours is better', async () => {
    const result = await interleaved(
      { group: 'g', name: 's', unit: 's', better: 'lower', contenders: [scripted('ours', [1, 2], []), scripted('other', [1, 4], [])] },
      1,
    );
    expect(result.comparisons[0].ratio.median).toBe(2);
    expect(result.comparisons[0].distinguishable).toBe(true);
  });
});
