import { nodeHash, splitPoint } from './hashing.js';

/**
 * A complete subtree of the log's tree: the 2^level leaves from index·2^level on. Level 0 are the leaf
 * hashes. Complete subtrees never change once their last leaf is appended, so they are what is stored.
 */
export interface NodeAddress {
  readonly level: number;
  readonly index: number;
}

/**
 * How to assemble one hash of a proof or a root: the complete subtrees it is made of, left to right.
 * A single subtree is its own hash; several are folded from the right, H(a, H(b, c)), which is how
 * RFC 9162 hashes a right edge whose size is not a power of two.
 */
export type Assembly = readonly NodeAddress[];

/**
 * What a root or proof needs from the store: one assembly per hash, in order. `addressesOf` lists the
 * nodes to fetch in one batch and `assemble` turns what came back into hashes.
 */
export type Plan = readonly Assembly[];

interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * The complete subtrees that cover leaves [start, end), largest first. `start` is aligned to a power of two
 * at least as large as end − start, as every subtree of RFC 9162's recursion is.
 */
export function subtreesOf({ start, end }: Range): Assembly {
  const nodes: NodeAddress[] = [];
  let from = start;
  for (let width = splitPoint(end - start + 1), level = Math.log2(width); from < end; width /= 2, level -= 1) {
    if (from + width <= end) {
      nodes.push({ level, index: from / width });
      from += width;
    }
  }
  return nodes;
}

/** The root of a tree of `size` leaves (size ≥ 1): its compact range, folded. */
export function rootPlan(size: number): Plan {
  assertCount(integers(size) && 1 <= size, `a root needs at least one leaf, not ${size}`);
  return [subtreesOf({ start: 0, end: size })];
}

/** RFC 9162 §2.1.3.1, PATH(m, D[n]): the siblings from the leaf up, each an assembly of complete subtrees. */
export function inclusionPlan(index: number, size: number): Plan {
  assertCount(integers(index, size) && 0 <= index && index < size, `leaf ${index} is not in a tree of ${size} leaves`);
  const ranges: Range[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
    }
  }
  return ranges.reverse().map(subtreesOf);
}

/** RFC 9162 §2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true) for 0 < m < n; empty when m = n. */
export function consistencyPlan(size1: number, size2: number): Plan {
  assertCount(integers(size1, size2) && 0 < size1 && size1 <= size2, `no consistency proof from ${size1} to ${size2} leaves`);
  const ranges: Range[] = [];
  let start = 0;
  let end = size2;
  let whole = true;
  while (size1 !== end) {
    const k = splitPoint(end - start);
    if (size1 <= start + k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      whole = false;
    }
  }
  // SUBPROOF(m, D[m], false) = MTH(D[m]): the old tree's last subtree, unless the old tree is one of them.
  if (!whole) ranges.push({ start, end });
  return ranges.reverse().map(subtreesOf);
}

/** Every node a plan needs, each once, for one batched read. */
export function addressesOf(plan: Plan): NodeAddress[] {
  const seen = new Map<string, NodeAddress>();
  for (const address of plan.flat()) seen.set(keyOf(address), address);
  return [...seen.values()];
}

/** The plan's hashes, from the nodes read for `addressesOf(plan)` (in that order). */
export function assemble(plan: Plan, addresses: readonly NodeAddress[], hashes: readonly Buffer[]): Buffer[] {
  const byKey = new Map(addresses.map((address, i) => [keyOf(address), hashes[i]]));
  return plan.map((assembly) => {
    const parts = assembly.map((address) => {
      const hash = byKey.get(keyOf(address));
      if (!hash) throw new Error(`node ${keyOf(address)} was not read`);
      return hash;
    });
    return parts.reduceRight((right, left) => nodeHash(left, right));
  });
}

function assertCount(holds: boolean, message: string): void {
  if (!holds) throw new RangeError(message);
}

function integers(...values: number[]): boolean {
  return values.every(Number.isSafeInteger);
}

export function keyOf({ level, index }: NodeAddress): string {
  return `${level}/${index}`;
}
