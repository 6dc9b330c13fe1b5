import { CompiledQuery, PostgresAdapter, sql, type Expression, type Kysely } from 'kysely';

type AnyTables = Record<string, Record<string, unknown>>;

/** Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
/** Statement shapes kept per Kysely instance (a generation's tables); the oldest is dropped beyond it. */
const MAX_SHAPES = 64;

/**
 * SQL of multi-row statements by shape (table, columns, row count, conflict key). Kysely builds and
 * compiles a syntax tree per value, which costs more than folding the events of a rebuild; a shape seen
 * before only needs its parameters.
 */
const shapes = new WeakMap<object, Map<string, string>>();

/**
 * A text column that sorts by bytes on both dialects, as keyset pagination needs: SQLite compares text
 * bytewise already, PostgreSQL only with the "C" collation.
 */
export function byteOrderedText(db: Kysely<unknown>): Expression<unknown> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`text collate "C"` : sql`text`;
}

/**
 * The type of a log position that is its table's primary key. SQLite keeps an `integer primary key` as
 * the row id itself, so the table needs no second b-tree for the key (`bigint` would get one); PostgreSQL
 * needs 64 bits.
 */
export function positionKeyType(db: Kysely<unknown>): 'bigint' | 'integer' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
}

/** Multi-row INSERTs of `rows` (objects with the same keys), split to stay within the parameter limits. */
export function insertRows<DB>(db: Kysely<DB>, table: keyof DB & string, rows: readonly object[]): CompiledQuery[] {
  return multiRow(db, table, rows, []);
}

/** Multi-row upserts of `rows` (objects with the same keys): a row whose `key` exists replaces every other column. */
export function upsertRows<DB>(db: Kysely<DB>, table: keyof DB & string, key: readonly string[], rows: readonly object[]): CompiledQuery[] {
  return multiRow(db, table, rows, key);
}

function multiRow<DB>(db: Kysely<DB>, table: string, rows: readonly object[], key: readonly string[]): CompiledQuery[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  if (db.getExecutor().adapter instanceof PostgresAdapter) return [postgresRowset(db as unknown as Kysely<AnyTables>, table, rows, columns, key)];
  const statements: CompiledQuery[] = [];
  for (const [start, end] of chunksOf(rows.length, Math.max(1, Math.floor(MAX_PARAMETERS / columns.length)))) {
    const chunk = rows.slice(start, end) as Record<string, unknown>[];
    const parameters = valuesOf(chunk, columns);
    const shape = `${table}\n${columns.join()}\n${chunk.length}\n${key.join()}`;
    const cached = shapesOf(db).get(shape);
    if (cached !== undefined) {
      statements.push(CompiledQuery.raw(cached, parameters));
      continue;
    }
    const compiled = compile(db as unknown as Kysely<AnyTables>, table, chunk, columns, key);
    // Kysely binds the values row by row, column by column; a shape is kept only when that holds.
    if (compiled.parameters.length === parameters.length && compiled.parameters.every((value, i) => value === parameters[i])) remember(db, shape, compiled.sql);
    statements.push(compiled);
  }
  return statements;
}

/**
 * Splits `count` rows into chunks of powers of two, none above `limit`: a batch's row counts vary, and
 * chunks of a few fixed sizes let every statement's text (and SQLite's prepared statement) be reused.
 */
export function chunksOf(count: number, limit: number): [start: number, end: number][] {
  const largest = 2 ** Math.floor(Math.log2(limit));
  const chunks: [number, number][] = [];
  let start = 0;
  for (let size = largest; start < count; size = Math.max(1, size / 2)) {
    for (; count - start >= size; start += size) chunks.push([start, start + size]);
  }
  return chunks;
}

/** The values of the rows, row by row and column by column: a statement's parameters. */
function valuesOf(rows: readonly Record<string, unknown>[], columns: readonly string[]): unknown[] {
  const values = new Array<unknown>(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const column of columns) values[i++] = row[column];
  return values;
}

/**
 * PostgreSQL parses a statement with thousands of bound values slowly; all rows as one JSON parameter,
 * turned into rows of the table's own type by json_populate_recordset, cost a fraction of that.
 */
function postgresRowset(db: Kysely<AnyTables>, table: string, rows: readonly object[], columns: string[], key: readonly string[]): CompiledQuery {
  const rowset = sql`select ${sql.join(columns.map((column) => sql.ref(column)))} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)})`;
  const insert = db.insertInto(table).columns(columns).expression(rowset);
  return (key.length === 0 ? insert : insert.onConflict((conflict) => conflict.columns(key as string[]).doUpdateSet(excluded(columns, key)))).compile();
}

function excluded(columns: readonly string[], key: readonly string[]) {
  return Object.fromEntries(columns.filter((column) => !key.includes(column)).map((column) => [column, sql.ref(`excluded.${column}`)]));
}

function compile(db: Kysely<AnyTables>, table: string, rows: Record<string, unknown>[], columns: string[], key: readonly string[]): CompiledQuery {
  const insert = db.insertInto(table).values(rows);
  return (key.length === 0 ? insert : insert.onConflict((conflict) => conflict.columns(key as string[]).doUpdateSet(excluded(columns, key)))).compile();
}

function shapesOf(db: object): Map<string, string> {
  let known = shapes.get(db);
  if (!known) shapes.set(db, (known = new Map()));
  return known;
}

function remember(db: object, shape: string, text: string): void {
  const known = shapesOf(db);
  if (known.size >= MAX_SHAPES) known.delete(known.keys().next().value ?? '');
  known.set(shape, text);
}
