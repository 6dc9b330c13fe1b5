import { sql, type Kysely } from 'kysely';
import { keyOf, type MerkleNode, type NodeAddress, type NodeStore } from '#integrity';
import { isPostgres, type MerkleTables } from './merkle.tables.js';

/** A leaf as stored: its index in the tree, the position of its event, its hash. */
export interface StoredLeaf {
  readonly index: number;
  readonly position: number;
  readonly hash: Buffer;
}

/**
 * The tree's nodes in the `merkle_nodes` table. Reads go to the table (the live generation's view, or the
 * generation a batch is applied to); writes are only collected (`takeWritten`), because a read model's
 * writes commit together with its checkpoint, in the runner's fenced transaction.
 */
export class SqlNodeStore implements NodeStore {
  private written: MerkleNode[] = [];
  private last: { size: number; position: number } | undefined;

  constructor(private readonly db: Kysely<MerkleTables>) {}

  async size(): Promise<number> {
    return (await this.lastLeaf()).size;
  }

  /** How many leaves there are and the position of the last one's event (0 for the empty tree). */
  async lastLeaf(): Promise<{ size: number; position: number }> {
    if (this.last) return this.last;
    const row = await this.db.selectFrom('merkle_nodes').select(['idx', 'position']).where('level', '=', 0).orderBy('idx', 'desc').limit(1).executeTakeFirst();
    this.last = row ? { size: Number(row.idx) + 1, position: Number(row.position) } : { size: 0, position: 0 };
    return this.last;
  }

  /**
   * One query for the whole batch: a proof's O(log n) nodes, each a primary-key look-up. PostgreSQL plans a
   * long OR, and even a UNION ALL, of (level, idx) pairs badly on a large table; a join with the pairs as
   * arrays it runs as one index look-up each. SQLite runs the UNION ALL as look-ups.
   */
  async read(addresses: readonly NodeAddress[]): Promise<Buffer[]> {
    if (addresses.length === 0) return [];
    const nodes = this.db.selectFrom('merkle_nodes').select(['level', 'idx', 'hash']);
    let rows;
    if (isPostgres(this.db)) {
      const levels = addresses.map(({ level }) => level);
      const indexes = addresses.map(({ index }) => index);
      rows = await nodes.where(sql<boolean>`(level, idx) in (select * from unnest(${levels}::int[], ${indexes}::bigint[]))`).execute();
    } else {
      const [first, ...rest] = addresses.map(({ level, index }) => nodes.where('level', '=', level).where('idx', '=', index));
      rows = await rest.reduce((query, next) => query.unionAll(next), first).execute();
    }
    const found = new Map(rows.map((row) => [keyOf({ level: row.level, index: Number(row.idx) }), row.hash]));
    return addresses.map((address) => {
      const hash = found.get(keyOf(address));
      if (!hash) throw new Error(`node ${keyOf(address)} is not stored`);
      return Buffer.from(hash);
    });
  }

  async write(nodes: readonly MerkleNode[]): Promise<void> {
    this.written.push(...nodes);
  }

  /** The nodes written since the last call, for a batch's rows; `lastLeaf` is the tree's last leaf from then on. */
  takeWritten(lastLeaf: { size: number; position: number }): MerkleNode[] {
    const written = this.written;
    this.written = [];
    this.last = lastLeaf;
    return written;
  }

  /** The leaf index of the event at `position`, if the tree holds it. */
  async leafIndexOf(position: number): Promise<number | undefined> {
    const row = await this.db.selectFrom('merkle_nodes').select('idx').where('level', '=', 0).where('position', '=', position).executeTakeFirst();
    return row && Number(row.idx);
  }

  /** The stored hashes of level `level` with indexes [from, to), by index: one range scan of the primary key. */
  async levelRange(level: number, from: number, to: number): Promise<Map<number, Buffer>> {
    const rows = await this.db.selectFrom('merkle_nodes').select(['idx', 'hash']).where('level', '=', level).where('idx', '>=', from).where('idx', '<', to).execute();
    return new Map(rows.map((row) => [Number(row.idx), Buffer.from(row.hash)]));
  }

  /** Leaves [from, to) in order. */
  async leaves(from: number, to: number): Promise<StoredLeaf[]> {
    const rows = await this.db
      .selectFrom('merkle_nodes')
      .select(['idx', 'position', 'hash'])
      .where('level', '=', 0)
      .where('idx', '>=', from)
      .where('idx', '<', to)
      .orderBy('idx')
      .execute();
    return rows.map((row) => ({ index: Number(row.idx), position: Number(row.position), hash: Buffer.from(row.hash) }));
  }
}
