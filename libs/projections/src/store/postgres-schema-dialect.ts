import { PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type PostgresDialectConfig, type SchemaMetadata, type TableMetadata } from 'kysely';

/**
 * Kysely's migrator looks for its own tables through the dialect's introspector, which reads the catalog of
 * every schema by name and fails when another schema is dropped meanwhile (and is slow on large
 * catalogs). This one looks at the read models' schema only.
 */
export class SchemaScopedPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly schema: string,
  ) {
    super(config);
  }

  // Kysely declares this parameter as Kysely<any>; the introspector only runs catalog queries with it.
  override createIntrospector(db: Kysely<never>): DatabaseIntrospector {
    return new SchemaIntrospector(db, this.schema);
  }
}

class SchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<never>,
    private readonly schema: string,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<SchemaMetadata>`select nspname as name from pg_catalog.pg_namespace where nspname = ${this.schema}`.execute(this.db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       where n.nspname = ${this.schema} and c.relkind in ('r', 'p', 'v')`.execute(this.db);
    // The migrator only asks whether a table of a name exists; columns are not needed for that.
    return rows.map((row) => ({ name: row.name, schema: this.schema, isView: row.kind === 'v', columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
