import { describe, expect, it } from '@jest/globals';
import { CONSISTENCY_PLANS, INCLUSION_PLANS } from '../../../tests/support/merkle-test-vectors.js';
import { addressesOf, consistencyPlan, inclusionPlan, rootPlan, subtreesOf, type Plan } from './proof-plans.js';

const asPairs = (plan: Plan) => plan.map((assembly) => assembly.map(({ level, index }) => [level, index]));

describe('which stored subtrees a root or proof is made of', () => {
  it('covers a tree by its complete subtrees, largest first', () => {
    expect(asPairs(rootPlan(7))).toEqual([[[2, 0], [1, 2], [0, 6]]]);
    expect(asPairs(rootPlan(8))).toEqual([[[3, 0]]]);
    expect(asPairs([subtreesOf({ start: 88, end: 95 })])).toEqual([[[2, 22], [1, 46], [0, 94]]]);
  });

  it.each(INCLUSION_PLANS)('reads the published nodes for the inclusion of leaf $index in $size leaves', ({ index, size, plan }) => {
    expect(asPairs(inclusionPlan(index, size))).toEqual(plan);
  });

  it.each(CONSISTENCY_PLANS)('reads the published nodes for the consistency of $size1 with $size2 leaves', ({ size1, size2, plan }) => {
    expect(asPairs(consistencyPlan(size1, size2))).toEqual(plan);
  });

  it('needs O(log n) nodes, each listed once, even at ten million leaves', () => {
    const size = 10_000_000;
    for (const plan of [inclusionPlan(4_999_999, size), inclusionPlan(size - 1, size), consistencyPlan(3_333_333, size), rootPlan(size)]) {
      const addresses = addressesOf(plan);
      expect(addresses.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
      expect(new Set(addresses.map(({ level, index }) => `${level}/${index}`)).size).toBe(addresses.length);
    }
  });

  it('refuses a leaf outside the tree and sizes that do not make a proof', () => {
    expect(() => inclusionPlan(7, 7)).toThrow(RangeError);
    expect(() => inclusionPlan(-1, 7)).toThrow(RangeError);
    expect(() => inclusionPlan(1.5, 7)).toThrow(RangeError);
    expect(() => consistencyPlan(0, 7)).toThrow(RangeError);
    expect(() => consistencyPlan(8, 7)).toThrow(RangeError);
    expect(() => rootPlan(0)).toThrow(RangeError);
  });
});
