import { Migrator, type Kysely, type Migration } from 'kysely';

/** The log's migrations, by name; names sort in the order they apply. */
export type LogMigrations = Record<string, Migration>;

export interface LogMigrationOptions {
  /** PostgreSQL schema of the log and of its migration tables. */
  readonly schema?: string;
  /** The caller holds a transaction around the whole migration, so the migrator opens none. */
  readonly inCallersTransaction?: boolean;
}

/**
 * Brings the log's schema up to date with Kysely's migrator. The migrations are code, not files read
 * at run time, and the log keeps its own migration table, so read models may version theirs apart.
 */
export async function migrateLog(db: Kysely<unknown>, migrations: LogMigrations, options: LogMigrationOptions = {}): Promise<void> {
  // The driver's own error, so the adapter can still tell an unreachable database from a bad migration.
  const { error } = await logMigrator(db, migrations, options).migrateToLatest();
  if (error !== undefined) throw error;
}

/** Whether some migration has not run yet; only reads. */
export async function hasPendingMigrations(db: Kysely<unknown>, migrations: LogMigrations): Promise<boolean> {
  return (await logMigrator(db, migrations, {}).getMigrations()).some((migration) => migration.executedAt === undefined);
}

function logMigrator(db: Kysely<unknown>, migrations: LogMigrations, options: LogMigrationOptions): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'log_migrations',
    migrationLockTableName: 'log_migrations_lock',
    migrationTableSchema: options.schema,
    disableTransactions: options.inCallersTransaction,
  });
}
