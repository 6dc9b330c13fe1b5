import { beforeAll, describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { appPerSuite } from '../support/app.js';
import {
  expectProblem,
  goalBody,
  goalOf,
  logHead,
  enrolledMunicipality,
  historyOf,
  listAll,
  programmeOfOwn,
  type FormulateBody,
  type GoalBody,
  type GoalPageBody,
  type HistoryPageBody,
} from '../support/e2e-http.js';
import { issueApiKey } from '../support/access.js';
import { TEST_ADMIN_ACTOR } from '../support/test-admin.js';

const { http } = appPerSuite();

const statusChange = (status: string, occurredAt = '2013-09-30') => ({ status, reason: `Bilanz: ${status}`, occurredAt });
const ids = (goals: readonly GoalBody[]) => goals.map((g) => g.id);

/** Formulates a goal (and moves it to `status`); returns its id. */
async function seed(fields: Partial<FormulateBody> & { municipalityId: string; phaseId: string; themeArea: string; status?: string }): Promise<string> {
  const { status, ...definition } = fields;
  const body = goalBody(definition);
  await http().post('/v1/goals').send(body).expect(201);
  if (status !== undefined && status !== 'agreed') await http().post(`/v1/goals/${body.id}/status`).send(statusChange(status, '2016-06-30')).expect(200);
  return body.id;
}

describe('listing goals', () => {
  // Municipality and phase ids of this suite's own, so that other goals in the store cannot match.
  const suffix = uuid().slice(0, 8);
  const [warendorf, dueren] = [`kreis-warendorf-${suffix}`, `kreis-dueren-${suffix}`];
  let [model, rollout, programmeId] = ['', '', ''];
  const seeded: Record<string, string> = {};

  beforeAll(async () => {
    ({ model, rollout, programme: programmeId } = await programmeOfOwn(http, [warendorf, dueren]));
    const rows = [
      ['w-model-netz-agreed', warendorf, model, 'netzwerk', 'agreed'],
      ['w-model-netz-progress', warendorf, model, 'netzwerk', 'in_progress'],
      ['w-model-kita-progress', warendorf, model, 'kita', 'in_progress'],
      ['w-rollout-netz-progress', warendorf, rollout, 'netzwerk', 'in_progress'],
      ['d-model-netz-progress', dueren, model, 'netzwerk', 'in_progress'],
      ['d-rollout-kita-discontinued', dueren, rollout, 'kita', 'discontinued'],
    ] as const;
    for (const [name, municipalityId, phaseId, themeArea, status] of rows) {
      seeded[name] = await seed({ programmeId, municipalityId, phaseId, themeArea, status, occurredAt: phaseId === model ? '2012-10-15' : '2016-03-01' });
    }
  });

  const expectList = async (query: Record<string, string>, names: string[]) => {
    const found = await listAll(http, query);
    expect(ids(found)).toEqual(names.map((n) => seeded[n]).sort());
    return found;
  };

  it('filters by municipality alone and answers the goals in id order with their full details', async () => {
    const found = await expectList({ municipalityId: dueren }, ['d-model-netz-progress', 'd-rollout-kita-discontinued']);
    expect(found[0]).toEqual(await goalOf(http, found[0].id));
  });

  it('filters by phase alone', async () => {
    await expectList({ phaseId: rollout }, ['w-rollout-netz-progress', 'd-rollout-kita-discontinued']);
  });

  it('filters by theme area alone', async () => {
    const found = await listAll(http, { themeArea: 'kita' });
    expect(found.every((g) => g.themeArea === 'kita')).toBe(true);
    expect(ids(found)).toEqual(expect.arrayContaining([seeded['w-model-kita-progress'], seeded['d-rollout-kita-discontinued']]));
    expect(ids(found)).not.toContain(seeded['w-model-netz-agreed']);
  });

  it('filters by status alone', async () => {
    const found = await listAll(http, { status: 'discontinued' });
    expect(found.every((g) => g.status === 'discontinued')).toBe(true);
    expect(ids(found)).toContain(seeded['d-rollout-kita-discontinued']);
    expect(ids(found)).not.toContain(seeded['d-model-netz-progress']);
  });

  it('combines filters with AND', async () => {
    await expectList({ municipalityId: warendorf, phaseId: model }, ['w-model-netz-agreed', 'w-model-netz-progress', 'w-model-kita-progress']);
    await expectList({ municipalityId: warendorf, status: 'in_progress' }, ['w-model-netz-progress', 'w-model-kita-progress', 'w-rollout-netz-progress']);
    await expectList({ municipalityId: warendorf, phaseId: model, themeArea: 'netzwerk', status: 'in_progress' }, ['w-model-netz-progress']);
    await expectList({ municipalityId: dueren, phaseId: model, status: 'discontinued' }, []);
  });

  it('answers an empty page with a null nextCursor when nothing matches', async () => {
    const page = (await http().get('/v1/goals').query({ municipalityId: `nowhere-${suffix}` }).expect(200)).body as GoalPageBody;
    expect(page).toEqual({ items: [], nextCursor: null, asOf: expect.any(String), knownAt: page.asOf, logPosition: await logHead(http) });
  });
});

describe('paginating the list', () => {
  const pages = async (query: Record<string, string>, limit: number): Promise<GoalPageBody[]> => {
    const result: GoalPageBody[] = [];
    let cursor: string | null = null;
    do {
      const page: GoalPageBody = (await http().get('/v1/goals').query({ ...query, limit, ...(cursor ? { cursor } : {}) }).expect(200)).body as GoalPageBody;
      result.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && result.length < 50);
    return result;
  };

  it('walks every goal exactly once across pages of `limit`, with a null nextCursor on the last page', async () => {
    const municipalityId = await enrolledMunicipality(http, 'kreis-unna');
    const seeded = [];
    for (let i = 0; i < 7; i += 1) seeded.push(await seed({ municipalityId, phaseId: 'model', themeArea: 'netzwerk' }));
    const walked = await pages({ municipalityId }, 3);
    expect(walked.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(walked.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    const all = walked.flatMap((p) => ids(p.items));
    expect(all).toEqual([...seeded].sort());
    expect(new Set(all).size).toBe(7);
  });

  it('ends without an empty extra page when the goals fill the pages exactly', async () => {
    const municipalityId = await enrolledMunicipality(http, 'kreis-unna');
    for (let i = 0; i < 4; i += 1) await seed({ municipalityId, phaseId: 'model', themeArea: 'netzwerk' });
    expect((await pages({ municipalityId }, 2)).map((p) => [p.items.length, p.nextCursor === null])).toEqual([[2, false], [2, true]]);
    expect((await pages({ municipalityId }, 4)).map((p) => [p.items.length, p.nextCursor === null])).toEqual([[4, true]]);
  });

  it('neither repeats nor skips goals listed before a goal was formulated between two pages', async () => {
    const municipalityId = await enrolledMunicipality(http, 'kreis-unna');
    const seeded = [];
    for (const id of ['b', 'd', 'f', 'h']) seeded.push(await seed({ municipalityId, phaseId: 'model', themeArea: 'netzwerk', id: `${id}-${uuid()}` }));
    const first = (await http().get('/v1/goals').query({ municipalityId, limit: 2 }).expect(200)).body as GoalPageBody;
    const late = await seed({ municipalityId, phaseId: 'model', themeArea: 'netzwerk', id: `a-${uuid()}` });
    const rest = await listAll(http, { municipalityId, cursor: first.nextCursor ?? '' }, 2);
    expect([...ids(first.items), ...ids(rest)]).toEqual(seeded);
    expect(ids(await listAll(http, { municipalityId }))).toEqual([late, ...seeded]);
  });
});

describe('reading one goal and its history', () => {
  it('answers 304 to an If-None-Match with the current ETag, and 200 once the goal changed', async () => {
    const id = await seed({ municipalityId: 'kreis-warendorf', phaseId: 'model', themeArea: 'netzwerk' });
    const first = await http().get(`/v1/goals/${id}`).expect(200);
    expect(first.headers.etag).toBe('"0"');
    const unchanged = await http().get(`/v1/goals/${id}`).set('If-None-Match', '"0"').expect(304);
    expect(unchanged.headers.etag).toBe('"0"');
    expect(unchanged.text ?? '').toBe('');
    await http().get(`/v1/goals/${id}`).set('If-None-Match', '"3", "0"').expect(304);
    await http().get(`/v1/goals/${id}`).set('If-None-Match', '"1"').expect(200);
    await http().post(`/v1/goals/${id}/status`).send(statusChange('in_progress')).expect(200);
    const changed = await http().get(`/v1/goals/${id}`).set('If-None-Match', '"0"').expect(200);
    expect(changed.headers.etag).toBe('"1"');
    expect((changed.body as GoalBody).status).toBe('in_progress');
  });

  it('answers 404 goal-not-found for an unknown goal on GET and on its history', async () => {
    const id = `unknown-${uuid()}`;
    expectProblem(await http().get(`/v1/goals/${id}`), 404, 'goal-not-found');
    expectProblem(await http().get(`/v1/goals/${id}/history`), 404, 'goal-not-found');
    expectProblem(await http().get(`/v1/goals/${id}/history?limit=1`), 404, 'goal-not-found');
  });

  it('tells every event in order with its type, revision, position, times, actor, reason and changes', async () => {
    const body = goalBody({ occurredAt: '2012-10-15' });
    const [workshop, office] = [await issueApiKey(http, { role: 'municipality_editor', municipalityId: body.municipalityId }), await issueApiKey(http, { role: 'coordinator' })];
    await http().post('/v1/goals').set(workshop.headers).send(body).expect(201);
    await http().post(`/v1/goals/${body.id}/revisions`).set(office.headers).send({ title: 'Netzwerk', targetDate: null, reason: 'Q2', occurredAt: '2013-06-20' }).expect(200);
    await http().post(`/v1/goals/${body.id}/status`).send(statusChange('on_hold', '2013-07-01T10:00:00+02:00')).expect(200);
    const history = (await http().get(`/v1/goals/${body.id}/history`).expect(200)).body as HistoryPageBody;
    expect(history).toMatchObject({ goalId: body.id, nextCursor: null });
    const [formulated, revised, paused] = history.items;
    expect(history.items.map((e) => [e.type, e.revision])).toEqual([['GoalFormulated', 0], ['GoalRevised', 1], ['GoalStatusChanged', 2]]);
    expect(history.items.map((e) => e.position)).toEqual([formulated.position, formulated.position + 1, formulated.position + 2]);
    expect(formulated).toMatchObject({ actor: workshop.actor, reason: null, occurredAt: '2012-10-15T00:00:00.000Z' });
    expect(formulated.changes).toEqual(expect.arrayContaining([{ field: 'title', from: null, to: body.title }, { field: 'status', from: null, to: 'agreed' }]));
    expect(revised).toMatchObject({ actor: office.actor, reason: 'Q2', occurredAt: '2013-06-20T00:00:00.000Z' });
    expect(revised.changes).toEqual(expect.arrayContaining([{ field: 'title', from: body.title, to: 'Netzwerk' }, { field: 'targetDate', from: '2015-09-30', to: null }]));
    expect(revised.changes).toHaveLength(2);
    expect(paused).toMatchObject({ actor: TEST_ADMIN_ACTOR, occurredAt: '2013-07-01T08:00:00.000Z', changes: [{ field: 'status', from: 'agreed', to: 'on_hold' }] });
    for (const entry of history.items) expect(Number.isNaN(Date.parse(entry.recordedAt))).toBe(false);
    expect([...history.items.map((e) => e.recordedAt)].sort()).toEqual(history.items.map((e) => e.recordedAt));
  });

  it('paginates the history with limit and cursor, without duplicates or gaps, ending with a null nextCursor', async () => {
    const id = await seed({ municipalityId: 'kreis-warendorf', phaseId: 'model', themeArea: 'netzwerk' });
    for (let i = 1; i <= 6; i += 1) {
      await http().post(`/v1/goals/${id}/revisions`).send({ title: `Fassung ${i}`, reason: `Q${i}`, occurredAt: `2013-0${i}-01` }).expect(200);
    }
    const pages: HistoryPageBody[] = [];
    let cursor: string | null = null;
    do {
      const page: HistoryPageBody = (await http().get(`/v1/goals/${id}/history`).query({ limit: 3, ...(cursor ? { cursor } : {}) }).expect(200)).body as HistoryPageBody;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    expect(pages.map((p) => p.items.map((e) => e.revision))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(pages.flatMap((p) => p.items)).toEqual(await historyOf(http, id));
    const exact = (await http().get(`/v1/goals/${id}/history?limit=7`).expect(200)).body as HistoryPageBody;
    expect([exact.items.length, exact.nextCursor]).toEqual([7, null]);
  });
});
