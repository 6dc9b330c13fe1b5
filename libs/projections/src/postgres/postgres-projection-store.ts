import type pg from 'pg';
import { quoteSchema, runMigration, translateUnavailable, withTransaction } from '#event-store';
import { assertProjectionNames, type Projection } from '../projection.js';
import type {
  FindOptions,
  ProjectionCheckpoint,
  ProjectionStore,
  ProjectionVersion,
  StoredDocument,
} from '../projection-store.port.js';

interface CheckpointRow {
  name: string;
  version: number;
  position: string;
  updated_at: Date;
}

/**
 * Read models in PostgreSQL, shared by every API instance on the database. Instances may run the same
 * projection side by side: the checkpoint compare-and-set in commit() lets exactly one of them apply
 * each batch, and the others move on from the stored checkpoint.
 */
export class PostgresProjectionStore implements ProjectionStore {
  private readonly s: string;

  static async open(pool: pg.Pool, schema: string): Promise<PostgresProjectionStore> {
    const store = new PostgresProjectionStore(pool, schema);
    await runMigration(pool, schema, `
      CREATE TABLE IF NOT EXISTS ${store.s}.projection_checkpoints (
        name       text PRIMARY KEY,
        version    integer     NOT NULL,
        position   bigint      NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${store.s}.projection_documents (
        projection text  NOT NULL,
        -- Byte order, as in the embedded store, so cursors page the same way on both.
        key        text  COLLATE "C" NOT NULL,
        document   jsonb NOT NULL,
        PRIMARY KEY (projection, key)
      );
    `);
    return store;
  }

  private constructor(private readonly pool: pg.Pool, schema: string) {
    this.s = quoteSchema(schema);
  }

  async prepare(projection: Projection): Promise<ProjectionCheckpoint> {
    assertProjectionNames(projection);
    const { name, version } = projection;
    return this.transaction(async (client) => {
      // Instances starting together would race on CREATE INDEX IF NOT EXISTS (a unique violation in pg_class).
      await client.query('SELECT pg_advisory_xact_lock(18252, hashtext($1))', [`prepare:${this.s}:${name}`]);
      for (const field of projection.filterable) {
        await client.query(
          `CREATE INDEX IF NOT EXISTS "projection_${name}_${field}"
             ON ${this.s}.projection_documents ((document ->> '${field}'), key) WHERE projection = '${name}'`,
        );
      }
      await client.query(`INSERT INTO ${this.s}.projection_checkpoints VALUES ($1, $2, 0, now()) ON CONFLICT (name) DO NOTHING`, [
        name,
        version,
      ]);
      const { rows } = await client.query<CheckpointRow>(`SELECT * FROM ${this.s}.projection_checkpoints WHERE name = $1`, [name]);
      if (rows[0].version >= version) return toCheckpoint(rows[0]);
      await this.resetWithin(client, projection);
      return { name, version, position: 0, updatedAt: new Date().toISOString() };
    });
  }

  async checkpoint(name: string): Promise<ProjectionCheckpoint | undefined> {
    const rows = await this.run<CheckpointRow>(`SELECT * FROM ${this.s}.projection_checkpoints WHERE name = $1`, [name]);
    return rows[0] && toCheckpoint(rows[0]);
  }

  async checkpoints(): Promise<ProjectionCheckpoint[]> {
    return (await this.run<CheckpointRow>(`SELECT * FROM ${this.s}.projection_checkpoints ORDER BY name`)).map(toCheckpoint);
  }

  async load(name: string, keys: readonly string[]): Promise<Map<string, object>> {
    const rows = await this.run<{ key: string; document: object }>(
      `SELECT key, document FROM ${this.s}.projection_documents WHERE projection = $1 AND key = ANY ($2::text[])`,
      [name, keys],
    );
    return new Map(rows.map((row) => [row.key, row.document]));
  }

  async commit({ name, version }: ProjectionVersion, from: number, to: number, documents: ReadonlyMap<string, object>): Promise<boolean> {
    return this.transaction(async (client) => {
      const moved = await client.query(
        `UPDATE ${this.s}.projection_checkpoints SET position = $3, updated_at = now()
          WHERE name = $1 AND position = $2 AND version = $4`,
        [name, from, to, version],
      );
      if (moved.rowCount === 0) return false;
      if (documents.size > 0) {
        await client.query(
          `INSERT INTO ${this.s}.projection_documents (projection, key, document)
           SELECT $1, key, document FROM unnest($2::text[], $3::jsonb[]) AS d(key, document)
           ON CONFLICT (projection, key) DO UPDATE SET document = excluded.document`,
          [name, [...documents.keys()], [...documents.values()].map((document) => JSON.stringify(document))],
        );
      }
      return true;
    });
  }

  async get(name: string, key: string): Promise<object | undefined> {
    const rows = await this.run<{ document: object }>(
      `SELECT document FROM ${this.s}.projection_documents WHERE projection = $1 AND key = $2`,
      [name, key],
    );
    return rows[0]?.document;
  }

  async find(name: string, { where, afterKey, limit }: FindOptions): Promise<StoredDocument[]> {
    const fields = Object.keys(where);
    assertProjectionNames({ name, filterable: fields });
    const values: unknown[] = Object.values(where);
    const conditions = [`projection = '${name}'`, ...fields.map((field, i) => `document ->> '${field}' = $${i + 1}`)];
    if (afterKey !== undefined) {
      values.push(afterKey);
      conditions.push(`key > $${values.length}`);
    }
    values.push(limit);
    const rows = await this.run<{ key: string; document: object }>(
      `SELECT key, document FROM ${this.s}.projection_documents
        WHERE ${conditions.join(' AND ')} ORDER BY key LIMIT $${values.length}`,
      values,
    );
    return rows.map((row) => ({ key: row.key, document: row.document }));
  }

  async reset(projection: Projection): Promise<void> {
    await this.transaction((client) => this.resetWithin(client, projection));
  }

  private async resetWithin(client: pg.PoolClient, projection: Projection): Promise<void> {
    await client.query(`DELETE FROM ${this.s}.projection_documents WHERE projection = $1`, [projection.name]);
    await client.query(
      `UPDATE ${this.s}.projection_checkpoints SET position = 0, version = $2, updated_at = now() WHERE name = $1`,
      [projection.name, projection.version],
    );
  }

  private async run<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw translateUnavailable(error);
    }
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }
}

function toCheckpoint(row: CheckpointRow): ProjectionCheckpoint {
  return { name: row.name, version: row.version, position: Number(row.position), updatedAt: row.updated_at.toISOString() };
}
