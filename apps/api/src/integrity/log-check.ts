import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type CheckedEventStore, type EventStore, type RecordedEvent } from '#event-store';
import { bundleLines, LogVerifier, type MerkleNode, type Mismatch, type SignedTreeHead, type VerificationReport } from '#integrity';
import type { SqlNodeStore } from '#projections';
import { LogTree } from './log-tree.js';

/** Events and leaves read per round trip while walking the log beside its tree. */
const CHUNK = 1000;
/** Stored nodes read per query (SQLite's compound SELECT stops at 500 parts). */
const NODES_PER_READ = 400;

/** The first of `computed` (interior nodes, in the order the leaves completed them) the tree stores otherwise. */
async function interiorMismatch(nodes: SqlNodeStore, computed: readonly MerkleNode[]): Promise<Mismatch | undefined> {
  for (let start = 0; start < computed.length; start += NODES_PER_READ) {
    const batch = computed.slice(start, start + NODES_PER_READ);
    const stored = await nodes.readStored(batch);
    const wrong = batch.findIndex((node, i) => !stored[i]?.equals(node.hash));
    if (wrong >= 0) {
      const { level, index } = batch[wrong];
      const first = index * 2 ** level;
      return { index: first, position: null, reason: `the tree's node at level ${level}, index ${index} (leaves ${first}–${first + 2 ** level - 1}) is missing or not the hash its leaves make` };
    }
  }
  return undefined;
}

/** A bundle ready to stream: its head is signed, its lines are read as they are sent. */
export interface Bundle {
  readonly treeHead: SignedTreeHead;
  readonly lines: AsyncIterable<string>;
}

/**
 * Walks the stored log beside the tree's recorded leaves: to verify one against the other on the server
 * (with the LogVerifier the offline verifier runs), and to export both as an offline bundle.
 */
@Injectable()
export class LogCheck {
  /** The log as stored: leaves cover these bytes, not data upcast through the catalogue. */
  private readonly stored: EventStore;

  constructor(
    private readonly log: LogTree,
    @Inject(EVENT_STORE) events: CheckedEventStore,
  ) {
    this.stored = events.inner;
  }

  /**
   * Recomputes every leaf of the tree from the stored log, in order, and the root from those leaves; reports
   * the first event that does not hash to the leaf the tree recorded at its index. The tree's interior nodes
   * are compared with the ones the leaves make, chunk by chunk: past roots and every proof are built from
   * them, so one that is wrong would make the server sign and prove what the log does not hold.
   */
  async verify(): Promise<VerificationReport> {
    const { tree, nodes } = await this.log.open();
    const head = await this.log.signTree(tree);
    const verifier = new LogVerifier(head, [], { collectInterior: true });
    let walked = 0;
    for await (const { event, leafHash } of this.leaves(nodes, head.treeSize)) {
      const mismatch = verifier.next(event, leafHash) ?? ((walked += 1) % CHUNK === 0 ? await interiorMismatch(nodes, verifier.takeInterior()) : undefined);
      if (mismatch) return { ok: false, firstMismatch: mismatch };
    }
    const mismatch = verifier.finish() ?? (await interiorMismatch(nodes, verifier.takeInterior()));
    if (mismatch) return { ok: false, firstMismatch: mismatch };
    const { treeSize, rootHash, timestamp, logId } = head;
    return { ok: true, treeSize, rootHash, timestamp, logId, fingerprint: this.log.key.publicKey.fingerprint };
  }

  /** The bundle of the first `treeSize` events (default: the whole tree); refuses a size not reached before anything is sent. */
  async bundle(treeSize?: number): Promise<Bundle> {
    const { tree, nodes } = await this.log.open();
    const size = treeSize ?? tree.size;
    this.log.assertReached(tree.size, size, 'treeSize');
    const head = await this.log.signTree(tree, size, await this.log.timestampOf(nodes, size));
    const lines = bundleLines({ treeHead: head, publicKey: this.log.key.publicKey.pem }, this.leaves(nodes, size));
    return { treeHead: head, lines };
  }

  /** The stored events of the first `size` leaves in position order, each with the leaf hash the tree recorded at its index. */
  private async *leaves(nodes: SqlNodeStore, size: number): AsyncGenerator<{ event: RecordedEvent; leafHash: Buffer }> {
    let after = 0;
    for (let index = 0; index < size; ) {
      const count = Math.min(CHUNK, size - index);
      const [events, leaves] = await Promise.all([this.stored.readAll({ after, limit: count }), nodes.leaves(index, index + count)]);
      // The log ends early (events deleted): the verifier names where.
      if (events.length === 0) return;
      for (const [i, event] of events.entries()) yield { event, leafHash: leaves[i].hash };
      index += events.length;
      after = events[events.length - 1].position;
    }
  }
}
