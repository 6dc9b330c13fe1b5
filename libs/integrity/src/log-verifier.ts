import type { RecordedEvent } from '#event-store';
import { canonicalEventBytes } from '#event-store/canonical-form';
import { CompactRange } from './compact-range.js';
import { leafHash } from './hashing.js';
import type { MerkleNode } from './node-store.js';
import { keyOf, type NodeAddress } from './proof-plans.js';
import { rootOf, type TreeHead } from './tree-head.js';

/** The leaf of an event: its canonical bytes (RFC 8785), hashed as RFC 9162 hashes a leaf. */
export function eventLeafHash(event: RecordedEvent): Buffer {
  return leafHash(canonicalEventBytes(event));
}

/**
 * The first place where the log and its tree disagree. `index` is the leaf index (the index-th event in
 * position order), `position` the position of the event found there; either is null when there is none.
 */
export interface Mismatch {
  readonly index: number | null;
  readonly position: number | null;
  readonly reason: string;
}

export type VerificationReport =
  | {
      readonly ok: true;
      readonly treeSize: number;
      readonly rootHash: string;
      readonly timestamp: string;
      readonly logId: string;
      /** Of the key that signed the tree head. */
      readonly fingerprint: string;
      /** The older tree head the log was shown to extend, when one was given. */
      readonly consistentWith?: { readonly treeSize: number; readonly rootHash: string };
    }
  | { readonly ok: false; readonly firstMismatch: Mismatch };

/**
 * Recomputes the tree of a log from its events, in order, against a tree head: each event's leaf must be
 * the leaf the tree recorded at its index, positions must rise, and the leaves must make the head's root.
 * Keeps O(log n) state: the compact range, plus the nodes it was asked to `keep` (those a consistency
 * proof needs), taken as they complete. The offline bundle verifier and the server's check share it.
 */
export class LogVerifier {
  private readonly range = CompactRange.empty();
  private readonly kept = new Map<string, Buffer>();
  private readonly wanted: Set<string>;
  private lastPosition = 0;
  /** The interior nodes completed since the last `takeInterior`, when asked to collect them. */
  private interior: MerkleNode[] | undefined;

  /**
   * `keep`: nodes whose hashes to keep (`keptHashes`). `collectInterior`: collect every interior node the
   * events complete, so that a tree's stored nodes can be compared with them (`takeInterior`).
   */
  constructor(
    private readonly head: TreeHead,
    keep: readonly NodeAddress[] = [],
    { collectInterior = false } = {},
  ) {
    this.wanted = new Set(keep.map(keyOf));
    if (collectInterior) this.interior = [];
  }

  get size(): number {
    return this.range.size;
  }

  /** Checks the next event against the leaf hash the tree recorded for its index. */
  next(event: RecordedEvent, recordedLeaf: Buffer): Mismatch | undefined {
    const index = this.range.size;
    const { position } = event;
    if (index >= this.head.treeSize) return { index, position, reason: `the tree head signs ${this.head.treeSize} events; this is one more` };
    if (position <= this.lastPosition) return { index, position, reason: `position ${position} does not come after position ${this.lastPosition}` };
    const leaf = eventLeafHash(event);
    if (!leaf.equals(recordedLeaf)) return { index, position, reason: `the event at position ${position} does not hash to leaf ${index} of the tree` };
    this.lastPosition = position;
    for (const node of this.range.append(leaf)) {
      if (this.wanted.has(keyOf(node))) this.kept.set(keyOf(node), node.hash);
      if (node.level > 0) this.interior?.push(node);
    }
    return undefined;
  }

  /** After the last event: are they all the head signs, and do they make its root? */
  finish(): Mismatch | undefined {
    const { treeSize, rootHash } = this.head;
    if (this.range.size < treeSize) return { index: this.range.size, position: null, reason: `the log ends after ${this.range.size} events; the tree head signs ${treeSize}` };
    const root = this.range.root();
    if (!root.equals(rootOf(this.head))) {
      return { index: null, position: null, reason: `the ${treeSize} events make the root ${root.toString('base64')}; the tree head signs ${rootHash}` };
    }
    return undefined;
  }

  /** The interior nodes completed since the last call (with `collectInterior`). */
  takeInterior(): MerkleNode[] {
    const taken = this.interior ?? [];
    if (this.interior) this.interior = [];
    return taken;
  }

  /** The hashes of the nodes it was asked to keep, in the order asked. */
  keptHashes(addresses: readonly NodeAddress[]): Buffer[] {
    return addresses.map((address) => {
      const hash = this.kept.get(keyOf(address));
      if (!hash) throw new Error(`node ${keyOf(address)} has not completed`);
      return hash;
    });
  }
}
