import type { Kysely } from 'kysely';
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

  // A worker reads the tree's right edge once and then keeps it (`memory`): a batch reads nothing.
  foldsWhileCommitting: true,

  async apply(events, { db, memory }) {
    const { store, tree } = (memory.get('merkle') as RememberedTree | undefined) ?? (await openTree(db, memory));
    const last = await store.lastLeaf();
    // A batch delivered again changes nothing: its leaves are in already.
    const fresh = events.filter((event) => event.position > last.position);
    await tree.append(fresh.map(eventLeafHash));
    const written = store.takeWritten({ size: tree.size, position: fresh.at(-1)?.position ?? last.position });
    const rows = written.map(({ level, index, hash }) => ({
      level,
      idx: index,
      hash: hashValue(db, hash),
      position: level === 0 ? fresh[index - last.size].position : null,
    }));
    return insertRows(db, 'merkle_nodes', rows);
  },
};

/** The tree a worker appends to, with the store that collects each batch's nodes. */
interface RememberedTree {
  readonly store: SqlNodeStore;
  readonly tree: MerkleTree;
}

/**
 * Opens the tree of the generation from its table. Nothing is remembered only when the worker starts or
 * retries, and then none of its batches is being committed: the table holds everything up to the checkpoint.
 */
async function openTree(db: Kysely<MerkleTables>, memory: Map<string, unknown>): Promise<RememberedTree> {
  const store = new SqlNodeStore(db);
  const remembered = { store, tree: await MerkleTree.open(store) };
  memory.set('merkle', remembered);
  return remembered;
}
