import { CompactRange } from './compact-range.js';
import { EMPTY_ROOT } from './hashing.js';
import type { MerkleNode, NodeStore } from './node-store.js';
import { addressesOf, assemble, consistencyPlan, inclusionPlan, rootPlan, subtreesOf, type Plan } from './proof-plans.js';

/**
 * The log's RFC 9162 tree over a NodeStore. Leaves are appended in order by one writer (the sequencer);
 * each append stores the leaf and every subtree it completes, about two nodes per leaf. Roots of any past
 * size and inclusion and consistency proofs are assembled from O(log n) stored nodes read in one batch,
 * never recomputed from the leaves.
 */
export class MerkleTree {
  private constructor(
    private readonly store: NodeStore,
    private range: CompactRange,
  ) {}

  /** Opens the tree the store holds, reading only the complete subtrees of its right edge. */
  static async open(store: NodeStore): Promise<MerkleTree> {
    const size = await store.size();
    const hashes = size === 0 ? [] : await store.read(subtreesOf({ start: 0, end: size }));
    return new MerkleTree(store, CompactRange.of(size, hashes));
  }

  get size(): number {
    return this.range.size;
  }

  /** Appends leaf hashes in order and writes them with the subtrees they complete, in one batch. */
  async append(leafHashes: readonly Buffer[]): Promise<void> {
    const next = this.range.copy();
    const nodes: MerkleNode[] = [];
    for (const leaf of leafHashes) nodes.push(...next.append(leaf));
    await this.store.write(nodes);
    // Only after the write: a failed batch leaves the tree as the store still has it.
    this.range = next;
  }

  /** MTH of the first `size` leaves (default: all of them). */
  async root(size = this.size): Promise<Buffer> {
    this.assertWithin(size);
    if (size === 0) return EMPTY_ROOT;
    if (size === this.size) return this.range.root();
    const [root] = await this.fetch(rootPlan(size));
    return root;
  }

  /** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1). */
  async inclusionProof(index: number, size = this.size): Promise<Buffer[]> {
    this.assertWithin(size);
    return this.fetch(inclusionPlan(index, size));
  }

  /** The proof that the tree of `size1` leaves is a prefix of the tree of `size2` (RFC 9162 §2.1.4.1). */
  async consistencyProof(size1: number, size2 = this.size): Promise<Buffer[]> {
    this.assertWithin(size2);
    // The empty tree is a prefix of every tree; RFC 9162 defines no proof for it, so the proof is empty.
    if (size1 === 0) return [];
    return this.fetch(consistencyPlan(size1, size2));
  }

  private async fetch(plan: Plan): Promise<Buffer[]> {
    const addresses = addressesOf(plan);
    if (addresses.length === 0) return [];
    return assemble(plan, addresses, await this.store.read(addresses));
  }

  private assertWithin(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    }
  }
}
