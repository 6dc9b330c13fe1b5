import { EMPTY_ROOT, nodeHash } from './hashing.js';
import type { MerkleNode } from './node-store.js';

/**
 * The hashes of the complete subtrees that cover leaves [0, size), largest first: at most log2(size) + 1
 * of them. Enough to append the next leaf and to compute the root, so whoever appends or verifies in order
 * keeps O(log n) state, never the leaves.
 */
export class CompactRange {
  private constructor(
    private count: number,
    private readonly hashes: Buffer[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** A range read back from storage: `hashes` are those of `subtreesOf({ start: 0, end: size })`. */
  static of(size: number, hashes: readonly Buffer[]): CompactRange {
    const expected = [...size.toString(2)].filter((bit) => bit === '1').length;
    if (hashes.length !== expected) throw new Error(`a tree of ${size} leaves has ${expected} complete subtrees, not ${hashes.length}`);
    return new CompactRange(size, [...hashes]);
  }

  get size(): number {
    return this.count;
  }

  copy(): CompactRange {
    return new CompactRange(this.count, [...this.hashes]);
  }

  /** Appends one leaf hash; answers the nodes it completes: the leaf and every subtree it closes. */
  append(leaf: Buffer): MerkleNode[] {
    const completed: MerkleNode[] = [{ level: 0, index: this.count, hash: leaf }];
    this.hashes.push(leaf);
    // A node with an odd index is a right child: with its left sibling, the entry below it on the stack,
    // it completes their parent. So both pops find a hash.
    for (let level = 0, index = this.count; index % 2 === 1; level += 1, index = (index - 1) / 2) {
      const right = this.hashes.pop() as Buffer;
      const left = this.hashes.pop() as Buffer;
      const parent = nodeHash(left, right);
      this.hashes.push(parent);
      completed.push({ level: level + 1, index: (index - 1) / 2, hash: parent });
    }
    this.count += 1;
    return completed;
  }

  /** MTH of the leaves so far: the subtrees folded from the right. */
  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    return this.hashes.reduceRight((right, left) => nodeHash(left, right));
  }
}
