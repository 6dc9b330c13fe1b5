import {
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  type PostgresDialectConfig,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's PostgreSQL dialect, but the migrator looks for its tables in the log's schema only. Kysely
 * 0.28 introspects every table of the database for that (kysely-org/kysely#1419, #1707): slow on a
 * database with many schemas, and it fails when a table of another schema is dropped meanwhile.
 */
export class LogSchemaDialect extends PostgresDialect {
  constructor(config: PostgresDialectConfig, private readonly schema: string) {
    super(config);
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new LogSchemaIntrospector(db, this.schema);
  }
}

class LogSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>, private readonly schema: string) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<SchemaMetadata>`
      SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ${this.schema}`.execute(this.db);
    return rows;
  }

  /** The tables of the log's schema, without their columns: the migrator only asks whether one exists. */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = ${this.schema}`.execute(this.db);
    return rows.map(({ name }) => ({ name, schema: this.schema, isView: false, columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
