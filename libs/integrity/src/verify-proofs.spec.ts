import { describe, expect, it } from '@jest/globals';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, ROOTS } from '../../../tests/support/merkle-test-vectors.js';
import { EMPTY_ROOT, leafHash } from './hashing.js';
import { verifyConsistency, verifyInclusion } from './verify-proofs.js';

const SOME_HASH = Buffer.from('abacaba000000000000000000000000000000000000000000060061e00123456', 'hex');
const flipped = (proof: readonly Buffer[], i: number) => proof.map((hash, j) => (j === i ? Buffer.from(hash.map((byte, k) => (k === 0 ? byte ^ 8 : byte))) : hash));

describe('verifying proofs (RFC 9162 §2.1.3.2, §2.1.4.2) against the published vectors', () => {
  it.each(INCLUSION_PROOFS)('accepts the published inclusion proof of leaf $index in $size leaves, and no corruption of it', ({ index, size, proof }) => {
    const leaf = leafHash(LEAF_INPUTS[index]);
    const root = ROOTS[size];
    expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
    const wrong: [string, boolean][] = [
      ['index − 1', verifyInclusion(leaf, index - 1, size, proof, root)],
      ['index + 1', verifyInclusion(leaf, index + 1, size, proof, root)],
      ['size × 2', verifyInclusion(leaf, index, size * 2, proof, root)],
      ['size / 2', verifyInclusion(leaf, index, Math.floor(size / 2), proof, root)],
      ['another leaf', verifyInclusion(leafHash(Buffer.from('WrongLeaf')), index, size, proof, root)],
      ['the empty root', verifyInclusion(leaf, index, size, proof, EMPTY_ROOT)],
      ['another root', verifyInclusion(leaf, index, size, proof, SOME_HASH)],
      ['a hash appended', verifyInclusion(leaf, index, size, [...proof, root], root)],
      ['a hash prepended', verifyInclusion(leaf, index, size, [root, ...proof], root)],
      ['a short hash appended', verifyInclusion(leaf, index, size, [...proof, Buffer.alloc(0)], root)],
      ['the last hash removed', proof.length > 0 && verifyInclusion(leaf, index, size, proof.slice(0, -1), root)],
      ...proof.map((_, i): [string, boolean] => [`bit flipped in hash ${i}`, verifyInclusion(leaf, index, size, flipped(proof, i), root)]),
    ];
    expect(wrong.filter(([, verified]) => verified)).toEqual([]);
  });

  it.each(CONSISTENCY_PROOFS)('accepts the published consistency proof from $size1 to $size2 leaves, and no corruption of it', ({ size1, size2, proof }) => {
    const [root1, root2] = [ROOTS[size1], ROOTS[size2]];
    expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
    if (proof.length === 0) return;
    const wrong: [string, boolean][] = [
      ['size1 − 1', verifyConsistency(size1 - 1, size2, proof, root1, root2)],
      ['size1 + 1', verifyConsistency(size1 + 1, size2, proof, root1, root2)],
      ['size2 × 2', verifyConsistency(size1, size2 * 2, proof, root1, root2)],
      ['size2 / 2', verifyConsistency(size1, Math.floor(size2 / 2), proof, root1, root2)],
      ['another root1', verifyConsistency(size1, size2, proof, SOME_HASH, root2)],
      ['another root2', verifyConsistency(size1, size2, proof, root1, SOME_HASH)],
      ['roots swapped', verifyConsistency(size1, size2, proof, root2, root1)],
      ['an empty proof', verifyConsistency(size1, size2, [], root1, root2)],
      ['root1 appended', verifyConsistency(size1, size2, [...proof, root1], root1, root2)],
      ['root2 prepended', verifyConsistency(size1, size2, [root2, ...proof], root1, root2)],
      ['the first hash repeated', verifyConsistency(size1, size2, [proof[0], ...proof], root1, root2)],
      ['the last hash removed', verifyConsistency(size1, size2, proof.slice(0, -1), root1, root2)],
      ...proof.map((_, i): [string, boolean] => [`bit flipped in hash ${i}`, verifyConsistency(size1, size2, flipped(proof, i), root1, root2)]),
    ];
    expect(wrong.filter(([, verified]) => verified)).toEqual([]);
  });

  it('holds equal sizes to equal roots and an empty proof, and the empty tree to its fixed root', () => {
    expect(verifyConsistency(3, 3, [], ROOTS[3], ROOTS[3])).toBe(true);
    expect(verifyConsistency(3, 3, [], ROOTS[3], ROOTS[4])).toBe(false);
    expect(verifyConsistency(3, 3, [EMPTY_ROOT], ROOTS[3], ROOTS[3])).toBe(false);
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT, ROOTS[5])).toBe(true);
    expect(verifyConsistency(0, 5, [], SOME_HASH, ROOTS[5])).toBe(false);
    expect(verifyConsistency(0, 5, [EMPTY_ROOT], EMPTY_ROOT, ROOTS[5])).toBe(false);
    expect(verifyConsistency(5, 3, [], ROOTS[5], ROOTS[3])).toBe(false);
  });

  it('refuses indexes outside the tree and hashes of the wrong length', () => {
    const leaf = leafHash(LEAF_INPUTS[0]);
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf, 1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(leaf, -1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf.subarray(0, 31), 0, 1, [], leaf.subarray(0, 31))).toBe(false);
  });
});
