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

  async open(): Promise<OpenTree> {
    const nodes = new SqlNodeStore(this.store.views<MerkleTables>());
    return { tree: await MerkleTree.open(nodes), nodes };
  }

  /** A head of the first `size` leaves (default: all), signed now. */
  async sign(tree: MerkleTree, size = tree.size): Promise<SignedTreeHead> {
    return signTreeHead({ treeSize: size, root: await tree.root(size), timestamp: this.clock(), logId: this.config.logId }, this.key);
  }

  /** Refuses a size the tree has not reached (yet), naming the size it has. */
  assertReached(tree: MerkleTree, size: number, field: string): void {
    if (size > tree.size) {
      throw new ProblemException('tree-size-not-reached', `${field} ${size} is beyond the tree, which holds ${tree.size} events`, { treeSize: tree.size });
    }
  }
}
