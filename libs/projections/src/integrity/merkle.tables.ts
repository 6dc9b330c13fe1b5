import { PostgresAdapter, sql, type ColumnType, type Expression, type Kysely } from 'kysely';

/** PostgreSQL returns bigint as a string. */
type BigInteger = ColumnType<number | string, number, number>;

/**
 * One complete subtree of the log's RFC 9162 tree: the 2^level leaves from idx·2^level on. Level 0 are
 * the leaves, each with the position of its event; inner nodes have no position. Written once, never
 * changed: a subtree is complete when its last leaf is appended.
 */
export interface MerkleNodeRow {
  level: number;
  idx: BigInteger;
  /** SHA-256, 32 bytes. */
  hash: ColumnType<Buffer, Buffer | string, never>;
  position: BigInteger | null;
}

export interface MerkleTables {
  merkle_nodes: MerkleNodeRow;
}

export const isPostgres = <DB>(db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** A column of raw bytes on both dialects. */
function bytesColumn(db: Kysely<unknown>): Expression<unknown> {
  return isPostgres(db) ? sql`bytea` : sql`blob`;
}

/**
 * A hash as a row value: PostgreSQL's multi-row inserts travel as JSON (see insertRows), where bytea is
 * written in its hex text form; SQLite binds the bytes.
 */
export function hashValue<DB>(db: Kysely<DB>, hash: Buffer): Buffer | string {
  return isPostgres(db) ? `\\x${hash.toString('hex')}` : hash;
}

export async function createMerkleTables(db: Kysely<unknown>, table: (logical: string) => string): Promise<void> {
  await db.schema
    .createTable(table('merkle_nodes'))
    .addColumn('level', 'integer', (column) => column.notNull())
    .addColumn('idx', 'bigint', (column) => column.notNull())
    .addColumn('hash', bytesColumn(db), (column) => column.notNull())
    .addColumn('position', 'bigint')
    .addPrimaryKeyConstraint(`${table('merkle_nodes')}_pk`, ['level', 'idx'])
    .execute();
}

/** What an inclusion proof asks first: which leaf holds the event at a position. */
export async function createMerkleIndexes(db: Kysely<unknown>, table: (logical: string) => string): Promise<void> {
  const nodes = table('merkle_nodes');
  await db.schema.createIndex(`${nodes}_position`).ifNotExists().on(nodes).column('position').where(sql.ref('level'), '=', 0).execute();
}
