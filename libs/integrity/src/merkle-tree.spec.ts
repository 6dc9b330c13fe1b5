import { describe, expect, it } from '@jest/globals';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, NODE_HASHES, ROOTS } from '../../../tests/support/merkle-test-vectors.js';
import { leafHash, merkleTreeHash } from './hashing.js';
import { MerkleTree } from './merkle-tree.js';
import { InMemoryNodeStore, type MerkleNode, type NodeStore } from './node-store.js';

const hex = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));

async function classicTree(): Promise<{ tree: MerkleTree; store: InMemoryNodeStore }> {
  const store = new InMemoryNodeStore();
  const tree = await MerkleTree.open(store);
  await tree.append(LEAF_INPUTS.map(leafHash));
  return { tree, store };
}

describe('the append-only tree over a node store', () => {
  it('gives the published root of every past size of the classic eight-leaf tree', async () => {
    const { tree } = await classicTree();
    for (let size = 0; size <= 8; size += 1) expect((await tree.root(size)).toString('hex')).toBe(ROOTS[size].toString('hex'));
  });

  it('stores exactly the complete subtrees, with their published hashes', async () => {
    const { store } = await classicTree();
    for (const [level, hashes] of NODE_HASHES.entries()) {
      expect(hex(await store.read(hashes.map((_, index) => ({ level, index }))))).toEqual(hex(hashes));
    }
    await expect(store.read([{ level: 4, index: 0 }])).rejects.toThrow('not stored');
  });

  it.each(INCLUSION_PROOFS)('gives the published inclusion proof of leaf $index in $size leaves', async ({ index, size, proof }) => {
    const { tree } = await classicTree();
    expect(hex(await tree.inclusionProof(index, size))).toEqual(hex(proof));
  });

  it.each(CONSISTENCY_PROOFS)('gives the published consistency proof from $size1 to $size2 leaves', async ({ size1, size2, proof }) => {
    const { tree } = await classicTree();
    expect(hex(await tree.consistencyProof(size1, size2))).toEqual(hex(proof));
  });

  it('writes about two nodes per leaf, in one batch per append', async () => {
    const written: MerkleNode[][] = [];
    const inner = new InMemoryNodeStore();
    const store: NodeStore = { size: () => inner.size(), read: (addresses) => inner.read(addresses), write: (nodes) => (written.push([...nodes]), inner.write(nodes)) };
    const tree = await MerkleTree.open(store);
    for (let batch = 0; batch < 100; batch += 1) await tree.append(Array.from({ length: 10 }, (_, i) => leafHash(Buffer.from([batch, i]))));
    expect(written).toHaveLength(100);
    expect(written.flat().length).toBe(2 * 1000 - 6); // n leaves + n − popcount(n) interior nodes
  });

  it('reads each root and proof of a large tree in one batch of O(log n) nodes', async () => {
    const store = new InMemoryNodeStore();
    const tree = await MerkleTree.open(store);
    const leaves = Array.from({ length: 5000 }, (_, i) => leafHash(Buffer.from(String(i))));
    await tree.append(leaves);
    store.reads.length = 0;
    await tree.root(3333);
    await tree.inclusionProof(1234, 4321);
    await tree.consistencyProof(1234, 4321);
    expect(store.reads).toHaveLength(3);
    for (const count of store.reads) expect(count).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(5000)));
    expect((await tree.root(4321)).equals(merkleTreeHash(leaves.slice(0, 4321)))).toBe(true);
  });

  it('reopens from its store and goes on appending where it stopped', async () => {
    const store = new InMemoryNodeStore();
    await (await MerkleTree.open(store)).append(LEAF_INPUTS.slice(0, 5).map(leafHash));
    const reopened = await MerkleTree.open(store);
    expect(reopened.size).toBe(5);
    await reopened.append(LEAF_INPUTS.slice(5).map(leafHash));
    expect((await reopened.root()).equals(ROOTS[8])).toBe(true);
  });

  it('keeps its size when a batch cannot be written', async () => {
    const inner = new InMemoryNodeStore();
    const failing: NodeStore = { size: () => inner.size(), read: (addresses) => inner.read(addresses), write: () => Promise.reject(new Error('disk full')) };
    const tree = await MerkleTree.open(failing);
    await expect(tree.append([leafHash(Buffer.from('a'))])).rejects.toThrow('disk full');
    expect(tree.size).toBe(0);
    expect((await tree.root()).equals(ROOTS[0])).toBe(true);
  });

  it('refuses sizes beyond the tree and leaves outside the asked size', async () => {
    const { tree } = await classicTree();
    await expect(tree.root(9)).rejects.toThrow(RangeError);
    await expect(tree.inclusionProof(5, 5)).rejects.toThrow(RangeError);
    await expect(tree.consistencyProof(3, 9)).rejects.toThrow(RangeError);
    await expect(tree.consistencyProof(6, 5)).rejects.toThrow(RangeError);
    expect(await tree.consistencyProof(0, 5)).toEqual([]);
  });
});
