import type { Database, Statement } from 'better-sqlite3';
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
  position: number;
  updated_at: string;
}

/** Read models in the embedded database, beside the event log (one file, one backup). */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** find() builds its SQL from the filter fields; there are only a handful of combinations. */
  private readonly findStatements = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name       TEXT PRIMARY KEY,
        version    INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        updated_at TEXT    NOT NULL
      );
      CREATE TABLE IF NOT EXISTS projection_documents (
        projection TEXT NOT NULL,
        key        TEXT NOT NULL,
        document   TEXT NOT NULL,
        PRIMARY KEY (projection, key)
      ) WITHOUT ROWID;
    `);
    this.statements = prepareStatements(db);
  }

  async prepare(projection: Projection): Promise<ProjectionCheckpoint> {
    assertProjectionNames(projection);
    const { name } = projection;
    for (const field of projection.filterable) {
      // Partial expression indexes only match queries that name the projection as a literal; find() does.
      this.db.exec(
        `CREATE INDEX IF NOT EXISTS "projection_${name}_${field}"
           ON projection_documents (json_extract(document, '$.${field}'), key) WHERE projection = '${name}'`,
      );
    }
    this.statements.createCheckpoint.run(name, projection.version, new Date().toISOString());
    const stored = await this.checkpoint(name);
    if (stored && stored.version >= projection.version) return stored;
    await this.reset(projection);
    return { name, version: projection.version, position: 0, updatedAt: new Date().toISOString() };
  }

  async checkpoint(name: string): Promise<ProjectionCheckpoint | undefined> {
    const row = this.statements.checkpoint.get(name) as CheckpointRow | undefined;
    return row && toCheckpoint(row);
  }

  async checkpoints(): Promise<ProjectionCheckpoint[]> {
    return (this.statements.checkpoints.all() as CheckpointRow[]).map(toCheckpoint);
  }

  async load(name: string, keys: readonly string[]): Promise<Map<string, object>> {
    const rows = this.statements.load.all(name, JSON.stringify(keys)) as { key: string; document: string }[];
    return new Map(rows.map((row) => [row.key, JSON.parse(row.document)]));
  }

  async commit({ name, version }: ProjectionVersion, from: number, to: number, documents: ReadonlyMap<string, object>): Promise<boolean> {
    const { moveCheckpoint, upsert } = this.statements;
    return this.db.transaction(() => {
      if (moveCheckpoint.run(to, new Date().toISOString(), name, from, version).changes === 0) return false;
      for (const [key, document] of documents) upsert.run(name, key, JSON.stringify(document));
      return true;
    }).immediate();
  }

  async get(name: string, key: string): Promise<object | undefined> {
    const row = this.statements.get.get(name, key) as { document: string } | undefined;
    return row && JSON.parse(row.document);
  }

  async find(name: string, { where, afterKey, limit }: FindOptions): Promise<StoredDocument[]> {
    const fields = Object.keys(where);
    assertProjectionNames({ name, filterable: fields });
    const conditions = [`projection = '${name}'`, ...fields.map((field) => `json_extract(document, '$.${field}') = ?`)];
    if (afterKey !== undefined) conditions.push('key > ?');
    const sql = `SELECT key, document FROM projection_documents WHERE ${conditions.join(' AND ')} ORDER BY key LIMIT ?`;
    let statement = this.findStatements.get(sql);
    if (!statement) this.findStatements.set(sql, (statement = this.db.prepare(sql)));
    const rows = statement.all(...Object.values(where), ...(afterKey !== undefined ? [afterKey] : []), limit) as { key: string; document: string }[];
    return rows.map((row) => ({ key: row.key, document: JSON.parse(row.document) }));
  }

  async reset(projection: Projection): Promise<void> {
    this.db.transaction(() => {
      this.statements.deleteDocuments.run(projection.name);
      this.statements.resetCheckpoint.run(projection.version, new Date().toISOString(), projection.name);
    }).immediate();
  }
}

function toCheckpoint(row: CheckpointRow): ProjectionCheckpoint {
  return { name: row.name, version: row.version, position: row.position, updatedAt: row.updated_at };
}

function prepareStatements(db: Database) {
  return {
    createCheckpoint: db.prepare('INSERT INTO projection_checkpoints VALUES (?, ?, 0, ?) ON CONFLICT (name) DO NOTHING'),
    checkpoint: db.prepare('SELECT * FROM projection_checkpoints WHERE name = ?'),
    checkpoints: db.prepare('SELECT * FROM projection_checkpoints ORDER BY name'),
    moveCheckpoint: db.prepare(
      'UPDATE projection_checkpoints SET position = ?, updated_at = ? WHERE name = ? AND position = ? AND version = ?',
    ),
    resetCheckpoint: db.prepare('UPDATE projection_checkpoints SET position = 0, version = ?, updated_at = ? WHERE name = ?'),
    load: db.prepare(
      'SELECT key, document FROM projection_documents WHERE projection = ? AND key IN (SELECT value FROM json_each(?))',
    ),
    get: db.prepare('SELECT document FROM projection_documents WHERE projection = ? AND key = ?'),
    upsert: db.prepare(
      `INSERT INTO projection_documents (projection, key, document) VALUES (?, ?, ?)
       ON CONFLICT (projection, key) DO UPDATE SET document = excluded.document`,
    ),
    deleteDocuments: db.prepare('DELETE FROM projection_documents WHERE projection = ?'),
  };
}
