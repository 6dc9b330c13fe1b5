import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hashing.js';

/**
 * The checks of RFC 9162 §2.1.3.2 and §2.1.4.2, pure: no store, no tree. The offline verifier and the
 * server's own checks run exactly this code. Sizes and indexes stay below 2^53, so the RFC's bit shifts
 * are written as halvings (JavaScript's bitwise operators would cut them to 32 bits).
 */

/** Does `proof` show that the leaf with hash `leaf` is leaf `index` of the tree of `treeSize` leaves with `root`? */
export function verifyInclusion(leaf: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!wellFormed([leaf, root, ...proof]) || !Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return false;
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // On the right edge a node may have no right sibling: climb until it is a right child again.
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && r.equals(root);
}

/** Does `proof` show that the tree of `size1` leaves with `root1` is a prefix of the tree of `size2` leaves with `root2`? */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (!wellFormed([root1, root2, ...proof]) || !Number.isSafeInteger(size1) || !Number.isSafeInteger(size2)) return false;
  if (size1 < 0 || size2 < size1) return false;
  // The empty tree is a prefix of every tree; its root is fixed, and there is nothing to prove.
  if (size1 === 0) return proof.length === 0 && EMPTY_ROOT.equals(root1);
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (proof.length === 0) return false;
  // When the old tree is itself a complete subtree of the new one, the proof leaves out its root.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) [fn, sn] = [(fn - 1) / 2, Math.floor(sn / 2)];
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

function wellFormed(hashes: readonly Uint8Array[]): boolean {
  return hashes.every((hash) => hash.length === HASH_SIZE);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
