import { createHash, hash } from 'node:crypto';

/** SHA-256, the hash of RFC 9162's tree; every node and root is this many bytes. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) of RFC 9162 §2.1.1: the hash of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 ‖ d): the prefix keeps a leaf from ever passing for an interior node. */
export function leafHash(data: Uint8Array): Buffer {
  // One-shot hashing of the joined bytes: a Hash object per node costs more than the copy (a rebuild
  // of the tree hashes about three times per event).
  return hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right], 1 + left.length + right.length), 'buffer');
}

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH(D[n]) over leaf hashes, computed exactly as RFC 9162 §2.1.1 defines it, recursively from every leaf.
 * The tree never computes a root this way; the tests hold its stored, incremental roots against this one.
 */
export function merkleTreeHash(leafHashes: readonly Buffer[]): Buffer {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  if (leafHashes.length === 1) return leafHashes[0];
  const k = splitPoint(leafHashes.length);
  return nodeHash(merkleTreeHash(leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k)));
}
