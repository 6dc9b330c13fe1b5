import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { RegistryTables } from './registry-tables.js';

/**
 * The read-model registry, in versioned migrations (schema builder only, so one definition serves SQLite
 * and PostgreSQL). A read model's own tables are not migrated: a new version builds new tables.
 */
/** `indexed_at` of the generations indexed before the registry recorded it. */
const INDEXED_BEFORE_RECORDED = '1970-01-01T00:00:00.000Z';

const MIGRATIONS: Record<string, Migration> = {
  '0001-registry': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('read_model_generations')
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('generation', 'integer', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('position', 'bigint', (column) => column.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('read_model_generations_pk', ['name', 'generation'])
        .execute();
      // At most one live and one building generation per read model: a second rebuild request cannot insert.
      for (const state of ['live', 'building']) {
        await db.schema
          .createIndex(`read_model_generations_one_${state}`)
          .on('read_model_generations')
          .column('name')
          .unique()
          .where(sql.ref('state'), '=', state)
          .execute();
      }
      await db.schema
        .createTable('read_model_leases')
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('holder', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('read_model_leases_pk', ['name', 'version'])
        .execute();
      // The document store these tables replace; what it held is rebuilt from the log.
      await db.schema.dropTable('projection_documents').ifExists().execute();
      await db.schema.dropTable('projection_checkpoints').ifExists().execute();
    },
  },
  '0002-generation-indexed': {
    // When a generation got its query indexes: a first generation filled in place on a long log gets
    // them only once it has caught up, and every instance's readiness waits for them. Rows written by
    // the releases before (also by their instances still running during a rolling upgrade) count as
    // indexed, as those releases indexed every generation before swapping it in; this release writes
    // null explicitly. A generation being built is indexed again before its swap.
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('read_model_generations')
        .addColumn('indexed_at', 'text', (column) => column.defaultTo(INDEXED_BEFORE_RECORDED))
        .execute();
      await sql`update read_model_generations set indexed_at = null where state = 'building'`.execute(db);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the registry up to date; `schema` names the PostgreSQL schema (the migrator looks for its tables there). */
export async function migrateRegistry(db: Kysely<RegistryTables>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'read_model_migrations',
    migrationLockTableName: 'read_model_migrations_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
