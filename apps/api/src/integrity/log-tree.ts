import { Inject, Injectable } from '@nestjs/common';
import { MerkleTree, signTreeHead, type SignedTreeHead, type SigningKey } from '#integrity';
import { READ_MODELS, SqlNodeStore, type MerkleTables, type ReadModelStore } from '#projections';
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

  /** Refuses a size the tree (of `current` leaves) has not reached yet, naming the size it has. */
  assertReached(current: number, size: number, field: string): void {
    if (size > current) {
      throw new ProblemException('tree-size-not-reached', `${field} ${size} is beyond the tree, which holds ${current} events`, { treeSize: current });
    }
  }
}
