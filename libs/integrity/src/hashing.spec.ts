import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { LEAF_INPUTS, NODE_HASHES, ROOTS } from '../../../tests/support/merkle-test-vectors.js';
import { EMPTY_ROOT, leafHash, merkleTreeHash, nodeHash, splitPoint } from './hashing.js';

describe('RFC 9162 hashing (known answers of transparency-dev/merkle)', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.equals(createHash('sha256').digest())).toBe(true);
    expect(EMPTY_ROOT.equals(ROOTS[0])).toBe(true);
  });

  it('hashes each of the eight classic leaves with the 0x00 prefix', () => {
    expect(LEAF_INPUTS.map((input) => leafHash(input).toString('hex'))).toEqual(NODE_HASHES[0].map((hash) => hash.toString('hex')));
  });

  it('hashes interior nodes with the 0x01 prefix, left before right', () => {
    for (let level = 1; level < NODE_HASHES.length; level += 1) {
      NODE_HASHES[level].forEach((hash, index) => {
        expect(nodeHash(NODE_HASHES[level - 1][2 * index], NODE_HASHES[level - 1][2 * index + 1]).equals(hash)).toBe(true);
      });
    }
  });

  it('gives the published root for every tree of 0 to 8 leaves', () => {
    const leaves = LEAF_INPUTS.map(leafHash);
    ROOTS.forEach((root, size) => expect(merkleTreeHash(leaves.slice(0, size)).toString('hex')).toBe(root.toString('hex')));
  });

  it('splits a tree at the largest power of two smaller than its size', () => {
    expect([2, 3, 4, 5, 8, 9, 1000, 2 ** 40 + 1].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 512, 2 ** 40]);
  });
});
