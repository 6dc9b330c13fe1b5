import { Injectable } from '@nestjs/common';
import { ProblemException } from '../problems/problem.exception.js';
import { LogTree } from './log-tree.js';
import type { ConsistencyProofDto, InclusionProofDto } from './proofs.dto.js';

const base64 = (hash: Buffer) => hash.toString('base64');

/** Inclusion and consistency proofs of the stored tree: one batched read of O(log n) nodes each. */
@Injectable()
export class Proofs {
  constructor(private readonly log: LogTree) {}

  /** That the event at `position` is a leaf of the tree of `treeSize` events (default: the whole tree). */
  async inclusion(position: number, treeSize?: number): Promise<InclusionProofDto> {
    const { tree, nodes } = await this.log.open();
    const size = treeSize ?? tree.size;
    this.log.assertReached(tree, size, 'treeSize');
    const index = await nodes.leafIndexOf(position);
    if (index === undefined) throw new ProblemException('not-found', `The tree holds no event at position ${position}`, { position });
    if (index >= size) {
      throw new ProblemException('not-found', `The event at position ${position} is leaf ${index}, after the tree of ${size} events`, { position, leafIndex: index });
    }
    const [leaf] = await nodes.read([{ level: 0, index }]);
    const proof = await tree.inclusionProof(index, size);
    return { position, leafIndex: index, treeSize: size, leafHash: base64(leaf), proof: proof.map(base64), treeHead: await this.log.sign(tree, size) };
  }

  /** That the tree of `from` events is a prefix of the tree of `to` events (default: the whole tree). */
  async consistency(from: number, to?: number): Promise<ConsistencyProofDto> {
    const { tree } = await this.log.open();
    const size = to ?? tree.size;
    if (to !== undefined && from > to) {
      throw ProblemException.validation([{ location: 'query', field: 'from', messages: [`from (${from}) must not be larger than to (${to})`] }]);
    }
    this.log.assertReached(tree, from, 'from');
    this.log.assertReached(tree, size, 'to');
    const proof = await tree.consistencyProof(from, size);
    return { from, to: size, fromRootHash: base64(await tree.root(from)), proof: proof.map(base64), treeHead: await this.log.sign(tree, size) };
  }
}
