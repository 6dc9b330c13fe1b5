import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedTreeHead } from '#integrity';
import { readAtLeast } from '../projections/min-position.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { LogTree } from './log-tree.js';

/**
 * The tree head a view or an export was built from: the smallest tree that holds every event up to the log
 * position the view reflects, stamped with the time that event was recorded (when the tree reached that
 * size). Ed25519 signatures are deterministic, so the same view gives the same head, byte for byte, however
 * often it is asked for. With it and a bundle of that size, anyone can rebuild the view from the log and
 * check that the log is the one the server signed.
 */
@Injectable()
export class CoveringHeads {
  constructor(
    private readonly log: LogTree,
    private readonly projections: ProjectionsService,
  ) {}

  /** Waits (like `minPosition`) until the tree holds `position`; 503 with Retry-After when it does not in time. */
  async covering(position: number, response: Response): Promise<SignedTreeHead> {
    await readAtLeast(this.projections, 'merkle-tree', { minPosition: position }, response);
    const { tree, nodes } = await this.log.open();
    if (position === 0) return this.log.signTree(tree, 0, new Date(0));
    const [index, recordedAt] = await Promise.all([nodes.leafIndexOf(position), this.log.recordedAt(position)]);
    // A view reflects only positions of recorded events, and the tree has integrated them all by now.
    if (index === undefined) throw new Error(`the log holds no leaf for position ${position}, which a view reflects`);
    return this.log.signTree(tree, index + 1, recordedAt);
  }
}

/** The header an export names its tree head in: the signed head's JSON, base64url (headers carry no JSON). */
export const TREE_HEAD_HEADER = 'X-Tree-Head';

export function treeHeadHeader(head: SignedTreeHead): string {
  return Buffer.from(JSON.stringify(head)).toString('base64url');
}
