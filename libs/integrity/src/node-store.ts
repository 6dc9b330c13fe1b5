import { HASH_SIZE } from './hashing.js';
import type { NodeAddress } from './proof-plans.js';

/** A complete subtree and its hash. */
export interface MerkleNode extends NodeAddress {
  readonly hash: Buffer;
}

/**
 * Where the tree keeps its complete subtrees, addressed by (level, index); level 0 are the leaf hashes.
 * A node is written once, when its last leaf is appended, and never changes. Reads come in batches: a root
 * or a proof asks for all its O(log n) nodes in one call, so a SQL table `(level, idx, hash)` answers it
 * with one query and tiles with a few.
 */
export interface NodeStore {
  /** How many leaves the tree has: the number of level-0 nodes written. */
  size(): Promise<number>;
  /** The hashes of these nodes, in the order asked. Every one must have been written. */
  read(addresses: readonly NodeAddress[]): Promise<Buffer[]>;
  /** Writes a batch of nodes all at once, or none of them when it fails. */
  write(nodes: readonly MerkleNode[]): Promise<void>;
}

/**
 * A NodeStore in memory, for tests and for measuring. Each level keeps its hashes back to back in one
 * buffer that doubles as it fills, so a tree of millions of nodes is a few large allocations rather than
 * millions of small objects for the garbage collector to trace.
 */
export class InMemoryNodeStore implements NodeStore {
  private readonly levels: { bytes: Buffer; count: number }[] = [];
  /** How many nodes each `read` asked for, so tests can check that proofs read O(log n) nodes in one batch. */
  readonly reads: number[] = [];

  async size(): Promise<number> {
    return this.levels[0]?.count ?? 0;
  }

  async read(addresses: readonly NodeAddress[]): Promise<Buffer[]> {
    this.reads.push(addresses.length);
    return addresses.map(({ level, index }) => {
      const stored = this.levels[level];
      if (!stored || index >= stored.count) throw new Error(`node ${level}/${index} is not stored`);
      // A copy: whoever reads a node must not be able to change the stored one.
      return Buffer.from(stored.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE));
    });
  }

  async write(nodes: readonly MerkleNode[]): Promise<void> {
    // Nodes complete in order on every level; anything else would leave a hole a proof could fall into.
    const next = this.levels.map(({ count }) => count);
    for (const { level, index, hash } of nodes) {
      const expected = next[level] ?? 0;
      if (index !== expected) throw new Error(`node ${level}/${index} written out of order (level ${level} is at ${expected})`);
      if (hash.length !== HASH_SIZE) throw new Error(`node ${level}/${index} has ${hash.length} bytes, not ${HASH_SIZE}`);
      next[level] = expected + 1;
    }
    for (const { level, index, hash } of nodes) {
      const stored = (this.levels[level] ??= { bytes: Buffer.alloc(1024 * HASH_SIZE), count: 0 });
      if ((index + 1) * HASH_SIZE > stored.bytes.length) {
        const grown = Buffer.alloc(stored.bytes.length * 2);
        stored.bytes.copy(grown);
        stored.bytes = grown;
      }
      hash.copy(stored.bytes, index * HASH_SIZE);
      stored.count = index + 1;
    }
  }
}
