import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { leafHash, merkleTreeHash } from './hashing.js';
import { MerkleTree } from './merkle-tree.js';
import { InMemoryNodeStore } from './node-store.js';
import { verifyConsistency, verifyInclusion } from './verify-proofs.js';

const LEAVES = 1061;
const leaves = Array.from({ length: LEAVES }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const roots = new Map<number, Buffer>();

/** The root as RFC 9162 defines it, recursively from every leaf: what the stored tree is held against. */
function referenceRoot(size: number): Buffer {
  let root = roots.get(size);
  if (!root) roots.set(size, (root = merkleTreeHash(leaves.slice(0, size))));
  return root;
}

let tree: MerkleTree;
beforeAll(async () => {
  tree = await MerkleTree.open(new InMemoryNodeStore());
  await tree.append(leaves);
});

/** A copy of `hash` with one byte changed (mask ≠ 0, so it really changes). */
const flip = (hash: Buffer, byte: number, mask: number) => Buffer.from(hash.map((value, i) => (i === byte % hash.length ? value ^ mask : value)));
const byteFlip = fc.record({ byte: fc.nat(31), mask: fc.integer({ min: 1, max: 255 }) });
const sizeAndIndex = fc.integer({ min: 1, max: LEAVES }).chain((size) => fc.record({ size: fc.constant(size), index: fc.nat(size - 1) }));
const twoSizes = fc.integer({ min: 1, max: LEAVES }).chain((size2) => fc.record({ size1: fc.integer({ min: 1, max: size2 }), size2: fc.constant(size2) }));

describe('proofs of the stored tree, against the root of the plain recursive MTH', () => {
  it('every inclusion proof verifies', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, async ({ size, index }) => {
        expect(verifyInclusion(leaves[index], index, size, await tree.inclusionProof(index, size), referenceRoot(size))).toBe(true);
      }),
    );
  });

  it('an inclusion proof fails once any byte of the proof, the leaf or the root changes, or for any other leaf index', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, byteFlip, fc.nat(), fc.nat(), async ({ size, index }, { byte, mask }, element, otherIndex) => {
        const proof = await tree.inclusionProof(index, size);
        const root = referenceRoot(size);
        if (proof.length > 0) {
          const j = element % proof.length;
          expect(verifyInclusion(leaves[index], index, size, proof.map((hash, i) => (i === j ? flip(hash, byte, mask) : hash)), root)).toBe(false);
        }
        expect(verifyInclusion(flip(leaves[index], byte, mask), index, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaves[index], index, size, proof, flip(root, byte, mask))).toBe(false);
        const other = otherIndex % size;
        if (other !== index) expect(verifyInclusion(leaves[index], other, size, proof, root)).toBe(false);
      }),
    );
  });

  it('every consistency proof verifies', async () => {
    await fc.assert(
      fc.asyncProperty(twoSizes, async ({ size1, size2 }) => {
        expect(verifyConsistency(size1, size2, await tree.consistencyProof(size1, size2), referenceRoot(size1), referenceRoot(size2))).toBe(true);
      }),
    );
  });

  it('a consistency proof fails once any byte of the proof or either root changes, or for any other old size', async () => {
    await fc.assert(
      fc.asyncProperty(twoSizes, byteFlip, fc.nat(), fc.nat(), async ({ size1, size2 }, { byte, mask }, element, otherSize) => {
        const proof = await tree.consistencyProof(size1, size2);
        const [root1, root2] = [referenceRoot(size1), referenceRoot(size2)];
        if (proof.length > 0) {
          const j = element % proof.length;
          expect(verifyConsistency(size1, size2, proof.map((hash, i) => (i === j ? flip(hash, byte, mask) : hash)), root1, root2)).toBe(false);
        }
        expect(verifyConsistency(size1, size2, proof, flip(root1, byte, mask), root2)).toBe(false);
        expect(verifyConsistency(size1, size2, proof, root1, flip(root2, byte, mask))).toBe(false);
        const other = 1 + (otherSize % size2);
        if (other !== size1) expect(verifyConsistency(other, size2, proof, root1, root2)).toBe(false);
      }),
    );
  });

  it('a proof does not bind the tree size by itself, which is why sizes come only from signed tree heads', async () => {
    // Leaf 0's path in 3 leaves (leaf 1, then leaf 2) hashes exactly like its path in 4 (leaf 1, then the
    // pair 2–3): given a root, the proof holds for either size. The signature over (size, root) decides.
    const proof = await tree.inclusionProof(0, 3);
    expect(verifyInclusion(leaves[0], 0, 3, proof, referenceRoot(3))).toBe(true);
    expect(verifyInclusion(leaves[0], 0, 4, proof, referenceRoot(3))).toBe(true);
    expect(verifyInclusion(leaves[0], 0, 4, proof, referenceRoot(4))).toBe(false);
  });
});
