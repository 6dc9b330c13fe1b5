import { Injectable } from '@nestjs/common';
import { addressesOf, assemble, consistencyPlan, EMPTY_ROOT, inclusionPlan, rootPlan, type Plan } from '#integrity';
import type { SqlNodeStore } from '#projections';
import { ProblemException } from '../problems/problem.exception.js';
import { LogTree } from './log-tree.js';
import type { ConsistencyProofDto, InclusionProofDto } from './proofs.dto.js';

const base64 = (hash: Buffer) => hash.toString('base64');

/**
 * Inclusion and consistency proofs of the stored tree. A proof, its leaf and the roots it needs are read
 * in one batch of O(log n) nodes: with the tree's size (and for inclusion, the leaf's index) that is two or
 * three queries a proof, whatever the size of the log.
 */
@Injectable()
export class Proofs {
  constructor(private readonly log: LogTree) {}

  /** That the event at `position` is a leaf of the tree of `treeSize` events (default: the whole tree). */
  async inclusion(position: number, treeSize?: number): Promise<InclusionProofDto> {
    const nodes = this.log.nodes();
    const [{ size: current }, index] = await Promise.all([nodes.lastLeaf(), nodes.leafIndexOf(position)]);
    const size = treeSize ?? current;
    this.log.assertReached(current, size, 'treeSize');
    if (index === undefined) throw new ProblemException('not-found', `The tree holds no event at position ${position}`, { position });
    if (index >= size) {
      throw new ProblemException('not-found', `The event at position ${position} is leaf ${index}, after the tree of ${size} events`, { position, leafIndex: index });
    }
    const [[leaf], proof, [root]] = await read(nodes, [[{ level: 0, index }]], inclusionPlan(index, size), rootPlanOf(size));
    return { position, leafIndex: index, treeSize: size, leafHash: base64(leaf), proof: proof.map(base64), treeHead: this.log.sign(size, root, await this.log.timestampOf(nodes, size)) };
  }

  /** That the tree of `from` events is a prefix of the tree of `to` events (default: the whole tree). */
  async consistency(from: number, to?: number): Promise<ConsistencyProofDto> {
    if (to !== undefined && from > to) {
      throw ProblemException.validation([{ location: 'query', field: 'from', messages: [`from (${from}) must not be larger than to (${to})`] }]);
    }
    const nodes = this.log.nodes();
    const { size: current } = await nodes.lastLeaf();
    const size = to ?? current;
    this.log.assertReached(current, from, 'from');
    this.log.assertReached(current, size, 'to');
    // RFC 9162 has no proof from the empty tree, nor between equal sizes: it is empty.
    const proves = 0 < from && from < size;
    const [proof, fromRoot, toRoot] = await read(nodes, proves ? consistencyPlan(from, size) : [], rootPlanOf(from), rootPlanOf(size));
    return { from, to: size, fromRootHash: base64(fromRoot[0]), proof: proof.map(base64), treeHead: this.log.sign(size, toRoot[0], await this.log.timestampOf(nodes, size)) };
  }
}

/** The hashes of several plans from one batched read; the root plan of an empty tree is its fixed root. */
async function read(nodes: SqlNodeStore, ...plans: (Plan | 'empty')[]): Promise<Buffer[][]> {
  const wanted = plans.flatMap((plan) => (plan === 'empty' ? [] : plan));
  const addresses = addressesOf(wanted);
  const hashes = assemble(wanted, addresses, await nodes.read(addresses));
  let next = 0;
  return plans.map((plan) => (plan === 'empty' ? [EMPTY_ROOT] : hashes.slice(next, (next += plan.length))));
}

/** rootPlan, but for a size of 0 too. */
function rootPlanOf(size: number): Plan | 'empty' {
  return size === 0 ? 'empty' : rootPlan(size);
}
