import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type CheckedEventStore, type EventStore, type RecordedEvent } from '#event-store';
import { bundleLines, LogVerifier, type MerkleNode, type Mismatch, type SignedTreeHead, type VerificationReport } from '#integrity';
import type { SqlNodeStore } from '#projections';
import { LogTree } from './log-tree.js';

/** Events and leaves read per round trip while walking the log beside its tree. */
const CHUNK = 1000;

/**
 * The first of `computed` (interior nodes, in the order the leaves completed them) that the tree stores
 * otherwise. A chunk's nodes are a run of indexes per level, so each level is one range scan.
 */
async function interiorMismatch(nodes: SqlNodeStore, computed: readonly MerkleNode[]): Promise<Mismatch | undefined> {
  const runs = new Map<number, { from: number; to: number }>();
  for (const { level, index } of computed) {
    const run = runs.get(level);
    runs.set(level, run ? { from: Math.min(run.from, index), to: Math.max(run.to, index + 1) } : { from: index, to: index + 1 });
  }
  const stored = new Map<number, Map<number, Buffer>>();
  for (const [level, { from, to }] of runs) stored.set(level, await nodes.levelRange(level, from, to));
  const wrong = computed.find((node) => !stored.get(node.level)?.get(node.index)?.equals(node.hash));
  if (!wrong) return undefined;
  const first = wrong.index * 2 ** wrong.level;
  return { index: first, position: null, reason: `the tree's node at level ${wrong.level}, index ${wrong.index} (leaves ${first}–${first + 2 ** wrong.level - 1}) is missing or not the hash its leaves make` };
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
