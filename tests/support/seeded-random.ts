import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** Random choices a failed run can repeat from its seed. */
export interface SeededRandom {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  const generator = xoroshiro128plus(seed);
  const int = (min: number, max: number) => unsafeUniformIntDistribution(min, max, generator);
  return { int, pick: (items) => items[int(0, items.length - 1)] };
}

/**
 * The seed of a randomised test: `GOAL_LEDGER_TEST_SEED` when given, to repeat a failed run's choices,
 * otherwise a fresh one. Tests name it in their failure messages.
 */
export function testSeed(): number {
  const given = Number(process.env.GOAL_LEDGER_TEST_SEED);
  return Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}
