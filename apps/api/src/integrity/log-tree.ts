import { Inject, Injectable } from '@nestjs/common';
import { MerkleTree, signTreeHead, type SignedTreeHead, type SigningKey } from '#integrity';
import { READ_MODELS, SqlNodeStore, type MerkleTables, type ReadModelStore } from '#projections';
import { EVENT_STORE, type EventStore } from '#event-store';
import type { AppConfig } from '../config/app-config.js';
import { ProblemException } from '../problems/problem.exception.js';
import { APP_CONFIG, CLOCK, type Clock } from '../storage/storage.module.js';
import { SIGNING_KEY } from './log-signing-key.js';

/** The tree as the live generation of the merkle-tree read model holds it, opened for one request. */
export interface OpenTree {
  readonly tree: MerkleTree;
  readonly nodes: SqlNodeStore;
}

/** Reads the log's tree and signs heads of it; every request opens the tree afresh (two indexed reads). */
@Injectable()
export class LogTree {
  constructor(
    @Inject(READ_MODELS) private readonly store: ReadModelStore,
    @Inject(SIGNING_KEY) readonly key: SigningKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: Pick<EventStore, 'readAll'>,
  ) {}

  /** The live generation's nodes, for one request (it remembers the tree's size once read). */
  nodes(): SqlNodeStore {
    return new SqlNodeStore(this.store.views<MerkleTables>());
  }

  async open(): Promise<OpenTree> {
    const nodes = this.nodes();
    return { tree: await MerkleTree.open(nodes), nodes };
  }

  /** A head of the first `size` leaves, whose root is `root`, stamped `timestamp` (default: now). */
  sign(size: number, root: Buffer, timestamp = this.clock()): SignedTreeHead {
    return signTreeHead({ treeSize: size, root, timestamp, logId: this.config.logId }, this.key);
  }

  /** A head of the first `size` leaves of `tree` (default: all), stamped `timestamp` (default: now). */
  async signTree(tree: MerkleTree, size = tree.size, timestamp = this.clock()): Promise<SignedTreeHead> {
    return this.sign(size, await tree.root(size), timestamp);
  }

  /**
   * When the log had `size` events, for a head of that size: the recording time of the last one's event, so
   * that a head of a past size says when the log had exactly that size (and is the same when asked again);
   * the epoch for the empty tree; now for the whole tree.
   */
  async timestampOf(nodes: SqlNodeStore, size: number): Promise<Date> {
    const { size: current } = await nodes.lastLeaf();
    if (size >= current) return this.clock();
    if (size === 0) return new Date(0);
    const [leaf] = await nodes.leaves(size - 1, size);
    return this.recordedAt(leaf.position);
  }

  /** When the event at `position` of the log was recorded: when the tree reached the leaf it hashes to. */
  async recordedAt(position: number): Promise<Date> {
    const [event] = await this.events.readAll({ after: position - 1, limit: 1 });
    if (event?.position !== position) throw new Error(`the log holds no event at position ${position}, which the tree holds a leaf for`);
    return new Date(event.metadata.recordedAt);
  }

  /** Refuses a size the tree (of `current` leaves) has not reached yet, naming the size it has. */
  assertReached(current: number, size: number, field: string): void {
    if (size > current) {
      throw new ProblemException('tree-size-not-reached', `${field} ${size} is beyond the tree, which holds ${current} events`, { treeSize: current });
    }
  }
}
