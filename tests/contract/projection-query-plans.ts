import { expect, it } from '@jest/globals';
import { CompiledQuery, type Insertable } from 'kysely';
import { GOAL_STATUSES } from '#domain';
import { goalDetailsReadModel, GoalDetailsQueries, upsertRows, type GoalDetailsTables, type GoalFilter, type GoalRow } from '#projections';
import type { Instance } from '../support/runner-harness.js';

const GOALS = 5000;

function goalRow(i: number): Insertable<GoalRow> {
  return {
    id: `goal-${String(i).padStart(5, '0')}`,
    programme_id: 'kekiz',
    municipality_id: `kreis-${i % 50}`,
    phase_id: i % 2 === 0 ? 'model' : 'rollout',
    theme_area: `thema-${i % 20}`,
    title: `Ziel ${i}`,
    description: 'Jedes Kind wird beim Übergang begleitet',
    target_date: null,
    source: null,
    social_space_ids: '[]',
    parent_goal_id: null,
    status: GOAL_STATUSES[i % GOAL_STATUSES.length],
    latest_occurred_at: '2013-06-30T00:00:00.000Z',
    formulated_at: '2012-11-15T00:00:00.000Z',
    updated_at: '2024-03-01T10:00:00.000Z',
    revision: 0,
    position: i + 1,
  };
}

/** One goal in fifty: worth its index on either dialect. */
const RARE: GoalFilter = { municipalityId: 'kreis-7' };

const FILTERS: readonly GoalFilter[] = [
  RARE,
  { phaseId: 'model' },
  { status: 'implemented' },
  { themeArea: 'thema-3' },
  { municipalityId: 'kreis-7', status: 'agreed' },
];

/** The plans of the goal lists: an index for every filter and never the whole table (SQLite: no sort either). */
export function readModelQueryPlans(dialect: 'sqlite' | 'postgres', open: () => Promise<Instance>): void {
  it('lists goals through an index for every filter, never scanning the whole table, once the statistics are gathered', async () => {
    const { store } = await open();
    const holder = 'plans';
    expect(await store.acquireLease('goal-details', 1, holder, Date.now(), 60_000)).toBe(true);
    expect(await store.createGeneration('goal-details', 1)).toBe(true);
    await store.prepareTables(goalDetailsReadModel, 1);
    await store.createIndexes(goalDetailsReadModel, 1);
    expect(await store.swap(goalDetailsReadModel, 1, undefined, holder)).toBe(true);
    const rows = Array.from({ length: GOALS }, (_, i) => goalRow(i));
    const writes = upsertRows(store.generationDb<GoalDetailsTables>(goalDetailsReadModel, 1), 'goals', ['id'], rows);
    expect(await store.commit(goalDetailsReadModel, 1, 0, GOALS, holder, writes)).toBe(true);
    await store.analyze(goalDetailsReadModel, 1);

    const queries = new GoalDetailsQueries(store.views<GoalDetailsTables>());
    for (const filter of [{}, ...FILTERS]) {
      const query = queries.listQuery(filter, 'goal-01000', 51).compile();
      const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
      const result = await store.database.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + query.sql, [...query.parameters]));
      const plan = result.rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
      if (dialect === 'sqlite') {
        const filtered = Object.keys(filter).length > 0;
        expect({ filter, plan }).toEqual({ filter, plan: expect.stringMatching(filtered ? /SEARCH goals_g1 USING (COVERING )?INDEX goals_g1_\w+ \(\w+=\? AND id>\?\)/ : /USING (COVERING )?INDEX sqlite_autoindex_goals_g1/) });
        expect({ filter, plan }).toEqual({ filter, plan: expect.not.stringMatching(/TEMP B-TREE|SCAN goals_g1$/m) });
      } else {
        // PostgreSQL weighs the statistics: a rare value through its index (then sorting the few rows found),
        // a common one along the primary key until the page is full. Never the whole table.
        expect({ filter, plan }).toEqual({ filter, plan: expect.stringMatching(/(Index (Only )?Scan using|Bitmap Index Scan on) goals_g1_\w+/) });
        expect({ filter, plan }).toEqual({ filter, plan: expect.not.stringMatching(/Seq Scan/) });
        if (filter === RARE) expect(plan).toMatch(/goals_g1_municipality_id/);
      }
    }
  });
}
