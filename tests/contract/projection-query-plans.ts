import { expect, it } from '@jest/globals';
import { CompiledQuery, type Insertable } from 'kysely';
import { GOAL_STATUSES } from '#domain';
import { currentView, END_OF_TIME, GoalQueries, goalsReadModel, upsertRows, type GoalFilter, type GoalTables, type GoalVersionRow, type PointOfView } from '#projections';
import type { Instance } from '../support/runner-harness.js';

const GOALS = 5000;
const VERSIONS_PER_GOAL = 4;

/** A goal's versions: three closed in world time (each at a later status), the last one open; all known since 2020. */
function versionRows(i: number): Insertable<GoalVersionRow>[] {
  const day = (n: number) => new Date(Date.UTC(2012, 10, 1 + n * 90)).toISOString();
  return Array.from({ length: VERSIONS_PER_GOAL }, (_, v) => ({
    goal_id: `goal-${String(i).padStart(5, '0')}`,
    recorded_from: '2020-01-01T00:00:00.000Z',
    recorded_to: END_OF_TIME,
    valid_from: day(v),
    valid_to: v === VERSIONS_PER_GOAL - 1 ? END_OF_TIME : day(v + 1),
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
    status: GOAL_STATUSES[(i + v) % GOAL_STATUSES.length],
    formulated_at: day(0),
  }));
}

/** One goal in fifty: worth its index on either dialect. */
const RARE: GoalFilter = { municipalityId: ['kreis-7'] };

const FILTERS: readonly GoalFilter[] = [RARE, { phaseId: ['model'] }, { status: ['implemented', 'on_hold'] }, { municipalityId: ['kreis-7'], status: ['agreed'] }];
const NOW = currentView(new Date('2026-01-01T00:00:00.000Z'));
const PAST: PointOfView = { asOf: '2013-06-30T23:59:59.999Z', knownAt: '2024-01-01T00:00:00.000Z', currentWorld: false, currentKnowledge: false };

/** The plans of the goal lists, now and in the past: an index for every filter and never the whole table. */
export function readModelQueryPlans(dialect: 'sqlite' | 'postgres', open: () => Promise<Instance>): void {
  it('lists goals through an index for every filter, now and as of a past date, never scanning the whole table', async () => {
    const { store } = await open();
    const holder = 'plans';
    expect(await store.acquireLease('goals', goalsReadModel.version, holder, Date.now(), 60_000)).toBe(true);
    expect(await store.createGeneration('goals', goalsReadModel.version)).toBe(true);
    expect(await store.prepareTables(goalsReadModel, 1, holder)).toBe(true);
    expect(await store.createIndexes(goalsReadModel, 1, holder)).toBe(true);
    expect(await store.swap(goalsReadModel, 1, undefined, holder)).toBe(true);
    const db = store.generationDb<GoalTables>(goalsReadModel, 1);
    const versions = Array.from({ length: GOALS }, (_, i) => versionRows(i)).flat();
    const facts = Array.from({ length: GOALS }, (_, i) => ({
      goal_id: `goal-${String(i).padStart(5, '0')}`,
      revision: 0,
      position: i + 1,
      event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'GoalFormulated',
      stored_schema_version: 2,
      data: '{}',
      occurred_at: '2012-11-01T00:00:00.000Z',
      recorded_at: '2020-01-01T00:00:00.000Z',
      actor: 'plans',
      correlation_id: 'plans',
      causation_id: null,
    }));
    const writes = [...upsertRows(db, 'goal_versions', ['goal_id', 'recorded_from', 'valid_from'], versions), ...upsertRows(db, 'goal_facts', ['goal_id', 'revision'], facts)];
    expect(await store.commit(goalsReadModel, 1, 0, GOALS, holder, writes)).toBe(true);
    await store.analyze(goalsReadModel, 1);

    const queries = new GoalQueries(store.views<GoalTables>());
    for (const view of [NOW, PAST]) {
      for (const filter of [{}, ...FILTERS]) {
        const query = queries.listQuery(filter, { field: 'id', descending: false }, { value: 'goal-01000', id: 'goal-01000' }, 51, view).compile();
        const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
        const result = await store.database.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + query.sql, [...query.parameters]));
        const plan = result.rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
        const at = view === NOW ? 'now' : 'past';
        expect({ at, filter, plan }).toEqual({ at, filter, plan: expect.stringMatching(dialect === 'sqlite' ? /goal_versions_g1 USING (COVERING )?INDEX/ : /(Index (Only )?Scan using|Bitmap Index Scan on) goal_versions_g1_\w+/) });
        expect({ at, filter, plan }).toEqual({ at, filter, plan: expect.not.stringMatching(dialect === 'sqlite' ? /SCAN goal_versions_g1\b(?! USING)/ : /Seq Scan on goal_versions/) });
      }
    }
  });
}
