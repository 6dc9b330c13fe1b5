import { eventLeafHash, MerkleTree } from '#integrity';
import type { ReadModel } from '../read-model.js';
import { insertRows } from '../store/sql-helpers.js';
import { createMerkleIndexes, createMerkleTables, hashValue, type MerkleTables } from './merkle.tables.js';
import { SqlNodeStore } from './sql-node-store.js';

/**
 * The sequencer of the verifiable log: every event's leaf, in position order, appended to the RFC 9162
 * tree with the complete subtrees it closes (about two rows per event), so that roots and proofs of any
 * size read O(log n) nodes. It is a read model because the runner already gives what a sequencer needs:
 * one holder at a time applies it, batches follow the gap-free prefix of the log (so events that commit
 * late on PostgreSQL are never skipped), and each batch commits fenced with its checkpoint.
 */
export const merkleTreeReadModel: ReadModel<MerkleTables> = {
  name: 'merkle-tree',
  version: 1,
  tables: ['merkle_nodes'],
  // A leaf covers the bytes as stored; upcast data would change old leaves with every new schema version.
  storedEvents: true,
  handles: () => true,
  createTables: createMerkleTables,
  createIndexes: createMerkleIndexes,

  async apply(events, { db }) {
    const store = new SqlNodeStore(db);
    const last = await store.lastLeaf();
    // A batch delivered again changes nothing: its leaves are in already.
    const fresh = events.filter((event) => event.position > last.position);
    const tree = await MerkleTree.open(store);
    await tree.append(fresh.map(eventLeafHash));
    const rows = store.written.map(({ level, index, hash }) => ({
      level,
      idx: index,
      hash: hashValue(db, hash),
      position: level === 0 ? fresh[index - last.size].position : null,
    }));
    return insertRows(db, 'merkle_nodes', rows);
  },
};
