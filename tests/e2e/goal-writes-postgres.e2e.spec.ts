import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { v4 as uuid } from 'uuid';
import { startApp, temporaryDataDir } from '../support/app.js';
import { enrolledMunicipality, expectProblem, goalBody, historyOf, httpOf, type GoalBody, type WriteBody } from '../support/e2e-http.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

/**
 * The concurrency cases of goal-writes.e2e.spec.ts on PostgreSQL with two API instances: here the
 * reads and the append of a write are real I/O, so concurrent requests truly interleave.
 */
describePostgres('concurrent writes through two API instances on one PostgreSQL', () => {
  const schema = uniqueSchema('gl_e2e_writes');
  const data = temporaryDataDir();
  const apps: INestApplication[] = [];
  const [first, second] = [httpOf(() => apps[0]), httpOf(() => apps[1])];
  const either = (i: number) => (i % 2 === 0 ? first : second);

  beforeAll(async () => {
    const config = { store: 'postgres' as const, databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path };
    apps.push(await startApp(config), await startApp(config));
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await dropSchemas([schema]);
    data.remove();
  });

  const revision = (title: string) => ({ title, reason: `Quartalsgespräch: ${title}`, occurredAt: '2013-06-20' });
  const formulated = async (): Promise<string> => {
    const body = goalBody();
    await first().post('/v1/goals').send(body).expect(201);
    return body.id;
  };

  it('never lose an update: each write succeeds or fails cleanly with 409, and the revision counts the successes', async () => {
    const id = await formulated();
    const titles = Array.from({ length: 12 }, (_, i) => `Fassung ${i}`);
    const responses = await Promise.all(titles.map((title, i) => either(i)().post(`/v1/goals/${id}/revisions`).send(revision(title))));
    for (const response of responses) {
      if (response.status !== 200) expectProblem(response, 409, 'revision-conflict');
    }
    const succeeded = responses.filter((r) => r.status === 200);
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.map((r) => (r.body as WriteBody).revision).sort((a, b) => a - b)).toEqual(succeeded.map((_, i) => i + 1));
    expect(((await second().get(`/v1/goals/${id}`).expect(200)).body as GoalBody).revision).toBe(succeeded.length);
    const written = (await historyOf(first, id)).slice(1).map((e) => e.changes.find((c) => c.field === 'title')?.to);
    expect(new Set(written)).toEqual(new Set(succeeded.map((r) => titles[responses.indexOf(r)])));
  });

  it('lets exactly one of several concurrent writers with the same If-Match win; the others get 412', async () => {
    const id = await formulated();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => either(i)().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0"').send(revision(`Fassung ${i}`))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
    expect(await historyOf(first, id)).toHaveLength(2);
  });

  it('turns concurrent requests with the same Idempotency-Key and body into one event and one answer', async () => {
    const id = await formulated();
    const key = `same-${uuid()}`;
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => either(i)().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', key).send(revision('Nur einmal'))),
    );
    expect(responses.map((r) => [r.status, r.body])).toEqual(responses.map(() => [200, responses[0].body]));
    expect((await historyOf(first, id)).map((e) => e.type)).toEqual(['GoalFormulated', 'GoalRevised']);
  });

  it('turns concurrent formulations without an id under one Idempotency-Key into one goal', async () => {
    const { id: _unused, ...body } = goalBody({ municipalityId: await enrolledMunicipality(first) });
    const key = `formulate-${uuid()}`;
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => either(i)().post('/v1/goals').set('Idempotency-Key', key).send(body)));
    expect(responses.map((r) => [r.status, r.body])).toEqual(responses.map(() => [201, responses[0].body]));
    const listed = (await first().get('/v1/goals').query({ municipalityId: body.municipalityId }).expect(200)).body as { items: GoalBody[] };
    expect(listed.items.map((g) => g.id)).toEqual([(responses[0].body as WriteBody).id]);
  });

  it('refuses concurrent requests that share a key but differ in body with 422, instead of acknowledging writes it dropped', async () => {
    const id = await formulated();
    const key = `race-${uuid()}`;
    const titles = Array.from({ length: 6 }, (_, i) => `Gleichzeitig ${i}`);
    const responses = await Promise.all(
      titles.map((title, i) => either(i)().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', key).send(revision(title))),
    );
    const accepted = responses.filter((r) => r.status === 200);
    const answers = accepted.map((r) => `${titles[responses.indexOf(r)]} → ${JSON.stringify(r.body)}, Idempotent-Replayed: ${String(r.headers['idempotent-replayed'])}`);
    expect(answers).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) expectProblem(response, 422, 'idempotency-key-reused');
    expect(((await second().get(`/v1/goals/${id}`).expect(200)).body as GoalBody).title).toBe(titles[responses.indexOf(accepted[0])]);
  });

  it('formulate one id concurrently exactly once; the others get 409 goal-already-exists', async () => {
    const body = goalBody();
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => either(i)().post('/v1/goals').send(body)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) expectProblem(response, 409, 'goal-already-exists');
    expect(await historyOf(second, body.id)).toHaveLength(1);
  });
});
