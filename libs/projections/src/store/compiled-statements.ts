import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
} from 'kysely';

/**
 * The statements `work` would run, compiled for `dialect` instead of run: a read model's `createTables`
 * as writes of one fenced transaction (`ReadModelDatabase.transaction`). `work` may only write: every
 * statement answers no rows.
 */
export async function compiledStatements(dialect: 'sqlite' | 'postgres', work: (db: Kysely<unknown>) => Promise<void>): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    executeQuery: async (query) => {
      statements.push(query);
      return { rows: [] };
    },
    streamQuery: () => {
      throw new Error('compiledStatements records writes only');
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const postgres = dialect === 'postgres';
  const recording = new Kysely<unknown>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => driver,
      createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
  await work(recording);
  return statements;
}
