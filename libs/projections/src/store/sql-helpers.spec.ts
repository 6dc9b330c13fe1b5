import { describe, expect, it } from '@jest/globals';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { GenerationTablesPlugin } from './generation-tables.plugin.js';
import { insertRows, upsertRows } from './sql-helpers.js';

interface Tables {
  goals: { id: string; title: string; revision: number };
  other: { id: string };
}

/** Kysely that compiles for a dialect without a database. */
function compilerFor(dialect: 'sqlite' | 'postgres'): Kysely<Tables> {
  return new Kysely<Tables>({
    dialect: {
      createAdapter: () => (dialect === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (dialect === 'sqlite' ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (dialect === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

const goal = (n: number) => ({ id: `goal-${n}`, title: `Ziel ${n}`, revision: n });

describe('multi-row writes', () => {
  it('reuses the SQL of a statement shape it has compiled, with the new rows as parameters', () => {
    const db = compilerFor('sqlite');
    const [first] = upsertRows(db, 'goals', ['id'], [goal(1), goal(2)]);
    const [second] = upsertRows(db, 'goals', ['id'], [goal(3), goal(4)]);
    const fresh = compilerFor('sqlite')
      .insertInto('goals')
      .values([goal(3), goal(4)])
      .onConflict((conflict) => conflict.column('id').doUpdateSet((eb) => ({ title: eb.ref('excluded.title'), revision: eb.ref('excluded.revision') })))
      .compile();
    expect({ sql: second.sql, parameters: second.parameters }).toEqual({ sql: fresh.sql, parameters: fresh.parameters });
    expect(second.sql).toBe(first.sql);
  });

  it('splits rows into statements of powers of two rows that stay within the parameter limits, in order', () => {
    const statements = insertRows(compilerFor('sqlite'), 'goals', Array.from({ length: 25_000 }, (_, n) => goal(n)));
    // 10,000 rows of three columns fit 30,000 parameters; 8,192 is the largest power of two below.
    expect(statements.map((statement) => statement.parameters.length / 3)).toEqual([8192, 8192, 8192, 256, 128, 32, 8]);
    expect(statements.flatMap((statement) => statement.parameters.filter((_, i) => i % 3 === 0))).toEqual(Array.from({ length: 25_000 }, (_, n) => `goal-${n}`));
  });

  it('writes batches of varying sizes with statements of a few shapes only', () => {
    const db = compilerFor('sqlite');
    const texts = new Set<string>();
    for (let count = 1; count <= 300; count += 1) for (const statement of insertRows(db, 'goals', Array.from({ length: count }, (_, n) => goal(n)))) texts.add(statement.sql);
    expect(texts.size).toBe(9);
  });

  it('passes all rows to PostgreSQL as one JSON parameter, in the table\'s own row type', () => {
    const [statement] = upsertRows(compilerFor('postgres'), 'goals', ['id'], [goal(1), goal(2)]);
    expect(statement.sql).toBe(
      'insert into "goals" ("id", "title", "revision") select "id", "title", "revision" from json_populate_recordset(null::"goals", $1) ' +
        'on conflict ("id") do update set "title" = "excluded"."title", "revision" = "excluded"."revision"',
    );
    expect(statement.parameters).toEqual([JSON.stringify([goal(1), goal(2)])]);
  });
});

describe('the generation tables plugin', () => {
  const generation = compilerFor('postgres').withPlugin(new GenerationTablesPlugin(['goals'], 3));

  it('maps the read model\'s logical tables to the generation\'s, in tables, joins, references and raw rowsets', () => {
    const select = generation.selectFrom('goals').innerJoin('other', 'other.id', 'goals.id').select(['goals.title', 'other.id']).where('goals.revision', '>', 1).compile();
    expect(select.sql).toBe('select "goals_g3"."title", "other"."id" from "goals_g3" inner join "other" on "other"."id" = "goals_g3"."id" where "goals_g3"."revision" > $1');
    const [upsert] = upsertRows(generation, 'goals', ['id'], [goal(1)]);
    expect(upsert.sql).toContain('insert into "goals_g3"');
    expect(upsert.sql).toContain('json_populate_recordset(null::"goals_g3", $1)');
  });
});
