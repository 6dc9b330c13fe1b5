import { describe, expect, it } from '@jest/globals';
import { ALL_READ_MODELS, goalsReadModel } from '#projections';
import { appPerSuite } from '../support/app.js';
import { enrolledMunicipality, expectProblem, goalBody, historyOf, listAll, logHead, offending, type WriteBody } from '../support/e2e-http.js';

// A short wait for the read models, so that a position they never reach is answered without delay.
const { http } = appPerSuite({ projectionWaitMs: 200 });

interface StatusBody {
  name: string;
  version: number;
  state: string;
  checkpoint: number;
  lag: number;
  lastError: string | null;
  generation: number | null;
  holder: boolean;
  rebuild: { generation: number; version: number; checkpoint: number; lastError: string | null } | null;
}

const statuses = async () => (await http().get('/v1/admin/projections').expect(200)).body as StatusBody[];
const statusOf = async (name: string) => (await statuses()).find((status) => status.name === name);

/** Polls the admin endpoint until `condition` holds for the read model. */
async function until(name: string, condition: (status: StatusBody) => boolean): Promise<StatusBody> {
  let last: StatusBody | undefined;
  const deadline = Date.now() + 10_000;
  while (!last || !condition(last)) {
    if (Date.now() > deadline) throw new Error(`${name} is still ${JSON.stringify(last)}`);
    last = await statusOf(name);
  }
  return last;
}

describe('the read models of a running API', () => {
  it('shows each read model applied by this instance, with its generation and no rebuild under way', async () => {
    await http().post('/v1/goals').send(goalBody()).expect(201);
    const all = await statuses();
    // The process manager of review proposals runs on the same runner as the read models.
    expect(all.map((status) => status.name)).toEqual([...ALL_READ_MODELS.map((model) => model.name), 'review-status-proposals']);
    // Each runs the version its definition names (the process manager is at its first).
    const versions = new Map<string, number>([...ALL_READ_MODELS.map((model) => [model.name, model.version] as const), ['review-status-proposals', 1]]);
    for (const status of all) {
      expect(status).toEqual({ name: status.name, version: versions.get(status.name), state: 'running', checkpoint: await logHead(http), lag: 0, lagSeconds: 0, lastError: null, generation: 1, indexed: true, holder: true, rebuild: null });
    }
  });

  it('answers a rebuild with 202 at once, keeps serving the goals meanwhile, and swaps in an identical generation', async () => {
    const municipalityId = await enrolledMunicipality(http, 'kreis-unna');
    const bodies = [goalBody({ municipalityId }), goalBody({ municipalityId, phaseId: 'rollout', occurredAt: '2016-03-01' })];
    for (const body of bodies) await http().post('/v1/goals').send(body).expect(201);
    await http().post(`/v1/goals/${bodies[0].id}/status`).send({ status: 'in_progress', reason: 'Auftakt', occurredAt: '2013-02-01' }).expect(200);
    const before = { list: await listAll(http, { municipalityId }), history: await historyOf(http, bodies[0].id) };
    const generation = (await statusOf('goals'))?.generation ?? 0;

    const accepted = await http().post('/v1/admin/projections/goals/rebuild').expect(202);
    expect(accepted.body).toMatchObject({ name: 'goals', generation, rebuild: { generation: generation + 1, version: goalsReadModel.version } });
    expect({ list: await listAll(http, { municipalityId }), history: await historyOf(http, bodies[0].id) }).toEqual(before);
    await until('goals', (status) => status.generation === generation + 1 && status.rebuild === null);
    expect({ list: await listAll(http, { municipalityId }), history: await historyOf(http, bodies[0].id) }).toEqual(before);
  });

  it('answers a rebuild of an unknown read model with 404, and of a process manager with 409', async () => {
    expectProblem(await http().post('/v1/admin/projections/goal-summaries/rebuild'), 404, 'not-found');
    const before = ((await http().get('/v1/admin/projections').expect(200)).body as StatusBody[]).find((status) => status.name === 'review-status-proposals');
    expect(before).toBeDefined();
    expectProblem(await http().post('/v1/admin/projections/review-status-proposals/rebuild'), 409, 'process-manager-not-rebuilt');
    const after = ((await http().get('/v1/admin/projections').expect(200)).body as StatusBody[]).find((status) => status.name === 'review-status-proposals');
    expect(after).toMatchObject({ generation: before?.generation, rebuild: null });
  });

  it('answers a read with minPosition once the read model holds that position', async () => {
    const body = goalBody();
    const written = (await http().post('/v1/goals').send(body).expect(201)).body as WriteBody;
    const minPosition = String(written.position);
    expect((await http().get(`/v1/goals/${body.id}`).query({ minPosition }).expect(200)).body).toMatchObject({ id: body.id, position: written.position });
    expect((await http().get(`/v1/goals/${body.id}/history`).query({ minPosition }).expect(200)).body.items).toHaveLength(1);
    expect((await http().get('/v1/goals').query({ municipalityId: body.municipalityId, minPosition, limit: '200' }).expect(200)).body.items.length).toBeGreaterThan(0);
  });

  it('answers 503 with Retry-After when the read model does not reach minPosition in time', async () => {
    const body = goalBody();
    await http().post('/v1/goals').send(body).expect(201);
    const ahead = String((await logHead(http)) + 1000);
    for (const path of [`/v1/goals/${body.id}`, `/v1/goals/${body.id}/history`, '/v1/goals']) {
      const response = await http().get(path).query({ minPosition: ahead });
      expectProblem(response, 503, 'service-unavailable');
      expect(response.headers['retry-after']).toBe('1');
    }
  });

  it('refuses a minPosition that is not a position', async () => {
    const body = goalBody();
    await http().post('/v1/goals').send(body).expect(201);
    for (const minPosition of ['-1', 'abc', '1.5', '1e400', '9007199254740993']) {
      for (const path of [`/v1/goals/${body.id}`, `/v1/goals/${body.id}/history`, '/v1/goals']) {
        expect({ path, minPosition, offending: offending(await http().get(path).query({ minPosition })) }).toEqual({ path, minPosition, offending: ['query:minPosition'] });
      }
    }
  });

  it('keeps the read models current while a rebuild of each runs beside new writes', async () => {
    const body = goalBody();
    await http().post('/v1/goals').send(body).expect(201);
    await http().post('/v1/admin/projections/goals/rebuild').expect(202);
    const statuses = ['in_progress', 'largely_implemented', 'implemented'];
    for (const [i, status] of statuses.entries()) {
      await http().post(`/v1/goals/${body.id}/status`).send({ status, reason: `Quartalsgespräch ${i}`, occurredAt: `2013-0${i + 2}-01` }).expect(200);
      expect((await http().get(`/v1/goals/${body.id}`).expect(200)).body).toMatchObject({ status, revision: i + 1 });
      expect(await historyOf(http, body.id)).toHaveLength(i + 2);
    }
    for (const name of ['goals']) await until(name, (status) => status.rebuild === null && status.lag === 0);
  });
});
