import { describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { v4 as uuid } from 'uuid';
import { appPerSuite } from '../support/app.js';
import { enrolledMunicipality, expectProblem, goalBody, goalFields, historyOf, listAll, logHead, type GoalBody, type WriteBody } from '../support/e2e-http.js';
import { issueApiKey } from '../support/access.js';
import { TEST_ADMIN_ACTOR } from '../support/test-admin.js';

const { http } = appPerSuite();

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const revision = (title: string, occurredAt = '2013-06-20') => ({ title, reason: `Quartalsgespräch: ${title}`, occurredAt });
const statusChange = (status: string, occurredAt = '2013-09-30') => ({ status, reason: `Bilanz: ${status}`, occurredAt });
const formulated = async (): Promise<string> => {
  const body = goalBody();
  await http().post('/v1/goals').send(body).expect(201);
  return body.id;
};
const goal = async (id: string): Promise<GoalBody> => (await http().get(`/v1/goals/${id}`).expect(200)).body as GoalBody;
/** What a client sees of a write: status, body and the headers that matter. */
const answer = (response: Response) => ({
  status: response.status,
  body: response.body as unknown,
  etag: response.headers.etag,
  location: response.headers.location,
});

describe('If-Match', () => {
  it('accepts writes whose If-Match is the current ETag and answers each with the next ETag', async () => {
    const id = await formulated();
    const revised = await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0"').send(revision('Netzwerk')).expect(200);
    expect(revised.headers.etag).toBe('"1"');
    const changed = await http().post(`/v1/goals/${id}/status`).set('If-Match', revised.headers.etag).send(statusChange('in_progress')).expect(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ id, revision: 2 });
    expect(await goal(id)).toMatchObject({ title: 'Netzwerk', status: 'in_progress', revision: 2 });
  });

  it('refuses a write with a stale If-Match with 412 precondition-failed and appends nothing', async () => {
    const id = await formulated();
    await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0"').send(revision('Erste Fassung')).expect(200);
    const head = await logHead(http);
    const stale = await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0"').send(revision('Zweite Fassung'));
    expect(expectProblem(stale, 412, 'precondition-failed').currentRevision).toBe(1);
    const ahead = await http().post(`/v1/goals/${id}/status`).set('If-Match', '"7"').send(statusChange('in_progress'));
    expectProblem(ahead, 412, 'precondition-failed');
    expect(await logHead(http)).toBe(head);
    expect(await goal(id)).toMatchObject({ title: 'Erste Fassung', status: 'agreed', revision: 1 });
  });

  it('answers a write with If-Match on a goal that does not exist with 404 goal-not-found, not 412', async () => {
    // RFC 9110 §13.2.1: preconditions are ignored when the answer without them would not be a 2xx.
    const id = `unknown-${uuid()}`;
    expectProblem(await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0"').send(revision('Netzwerk')), 404, 'goal-not-found');
    expectProblem(await http().post(`/v1/goals/${id}/status`).set('If-Match', '"3"').send(statusChange('in_progress')), 404, 'goal-not-found');
  });

  it('accepts If-Match "*" and lists of ETags when one of them is current, and answers 412 when none is', async () => {
    const id = await formulated();
    await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"5", "0"').send(revision('Erste Fassung')).expect(200);
    await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '*').send(revision('Zweite Fassung')).expect(200);
    const head = await logHead(http);
    expectProblem(await http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0", "1"').send(revision('Dritte')), 412, 'precondition-failed');
    expect(await logHead(http)).toBe(head);
  });

  it('lets exactly one of several concurrent writers with the same If-Match win; the others get 412', async () => {
    const id = await formulated();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => http().post(`/v1/goals/${id}/revisions`).set('If-Match', '"0"').send(revision(`Fassung ${i}`))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
    expect(await historyOf(http, id)).toHaveLength(2);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retried formulation with the first response, Idempotent-Replayed: true, and appends nothing', async () => {
    const body = goalBody();
    const first = await http().post('/v1/goals').set('Idempotency-Key', `formulate-${body.id}`).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const head = await logHead(http);
    const retry = await http().post('/v1/goals').set('Idempotency-Key', `formulate-${body.id}`).send(body);
    expect(answer(retry)).toEqual(answer(first));
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await logHead(http)).toBe(head);
  });

  it('answers a retried formulation without an id with the same generated UUIDv7', async () => {
    const { id: _unused, ...body } = goalBody();
    const key = `formulate-${uuid()}`;
    const first = await http().post('/v1/goals').set('Idempotency-Key', key).send(body).expect(201);
    expect((first.body as WriteBody).id).toMatch(UUID_V7);
    const head = await logHead(http);
    const retry = await http().post('/v1/goals').set('Idempotency-Key', key).send(body);
    expect(answer(retry)).toEqual(answer(first));
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await logHead(http)).toBe(head);
    expect(await historyOf(http, (first.body as WriteBody).id)).toHaveLength(1);
  });

  it('answers retried revisions and status changes with their first response, even after the goal moved on', async () => {
    const id = await formulated();
    const revised = await http().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', `revise-${id}`).send(revision('Netzwerk')).expect(200);
    const changed = await http().post(`/v1/goals/${id}/status`).set('Idempotency-Key', `status-${id}`).send(statusChange('in_progress')).expect(200);
    await http().post(`/v1/goals/${id}/status`).send(statusChange('largely_implemented', '2014-01-01')).expect(200);
    const head = await logHead(http);
    const revisedAgain = await http().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', `revise-${id}`).send(revision('Netzwerk'));
    const changedAgain = await http().post(`/v1/goals/${id}/status`).set('Idempotency-Key', `status-${id}`).send(statusChange('in_progress'));
    expect([answer(revisedAgain), answer(changedAgain)]).toEqual([answer(revised), answer(changed)]);
    expect([revisedAgain.headers['idempotent-replayed'], changedAgain.headers['idempotent-replayed']]).toEqual(['true', 'true']);
    expect(await logHead(http)).toBe(head);
    expect(await goal(id)).toMatchObject({ status: 'largely_implemented', revision: 3 });
  });

  it('turns concurrent requests with the same Idempotency-Key into one event and one answer', async () => {
    const { id: _unused, ...body } = goalBody();
    const key = `concurrent-${uuid()}`;
    const formulations = await Promise.all(Array.from({ length: 5 }, () => http().post('/v1/goals').set('Idempotency-Key', key).send(body)));
    expect(new Set(formulations.map((r) => JSON.stringify([r.status, r.body])))).toEqual(new Set([JSON.stringify([formulations[0].status, formulations[0].body])]));
    const id = (formulations[0].body as WriteBody).id;
    expect(formulations[0].status).toBe(201);
    const revisions = await Promise.all(
      Array.from({ length: 5 }, () => http().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', `${key}-r`).send(revision('Nur einmal'))),
    );
    expect(revisions.map((r) => [r.status, r.body])).toEqual(Array.from({ length: 5 }, () => [200, { id, revision: 1, position: expect.any(Number) }]));
    expect(revisions.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect((await historyOf(http, id)).map((e) => e.type)).toEqual(['GoalFormulated', 'GoalRevised']);
  });

  it('refuses the same key with a different body with 422 idempotency-key-reused and appends nothing', async () => {
    const id = await formulated();
    await http().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', `k-${id}`).send(revision('Netzwerk')).expect(200);
    const head = await logHead(http);
    expectProblem(await http().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', `k-${id}`).send(revision('Anders')), 422, 'idempotency-key-reused');
    expectProblem(await http().post(`/v1/goals/${id}/status`).set('Idempotency-Key', `k-${id}`).send(statusChange('in_progress')), 422, 'idempotency-key-reused');
    expect(await logHead(http)).toBe(head);
  });

  it('refuses concurrent requests that share a key but differ in body with 422, instead of acknowledging writes it dropped', async () => {
    const id = await formulated();
    const titles = Array.from({ length: 5 }, (_, i) => `Gleichzeitig ${i}`);
    const responses = await Promise.all(titles.map((title) => http().post(`/v1/goals/${id}/revisions`).set('Idempotency-Key', `race-${id}`).send(revision(title))));
    const accepted = responses.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 200)) expectProblem(response, 422, 'idempotency-key-reused');
    expect((await goal(id)).title).toBe(titles[responses.indexOf(accepted[0])]);
  });

  it('treats the same key sent by another caller as a different request', async () => {
    const { id: _unused, ...body } = goalBody();
    const key = `shared-${uuid()}`;
    const [officeA, officeB] = [await issueApiKey(http, { role: 'coordinator' }), await issueApiKey(http, { role: 'coordinator' })];
    const byA = await http().post('/v1/goals').set(officeA.headers).set('Idempotency-Key', key).send(body).expect(201);
    const byB = await http().post('/v1/goals').set(officeB.headers).set('Idempotency-Key', key).send(body).expect(201);
    expect(byB.headers['idempotent-replayed']).toBeUndefined();
    expect((byB.body as WriteBody).id).not.toBe((byA.body as WriteBody).id);
    expect((await historyOf(http, (byB.body as WriteBody).id))[0].actor).toBe(officeB.actor);
    const again = await http().post('/v1/goals').set(officeA.headers).set('Idempotency-Key', key).send(body);
    expect(answer(again)).toEqual(answer(byA));
  });
});

describe('concurrent writers without If-Match', () => {
  it('never lose an update: each write succeeds or fails cleanly with 409, and the revision counts the successes', async () => {
    const id = await formulated();
    const titles = Array.from({ length: 12 }, (_, i) => `Fassung ${i}`);
    const responses = await Promise.all(titles.map((title) => http().post(`/v1/goals/${id}/revisions`).send(revision(title))));
    for (const response of responses) {
      if (response.status !== 200) expectProblem(response, 409, 'revision-conflict');
    }
    const succeeded = responses.filter((r) => r.status === 200);
    expect(succeeded.length).toBeGreaterThan(0);
    const revisions = succeeded.map((r) => (r.body as WriteBody).revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: succeeded.length }, (_, i) => i + 1));
    expect((await goal(id)).revision).toBe(succeeded.length);
    const written = (await historyOf(http, id)).slice(1).map((e) => e.changes.find((c) => c.field === 'title')?.to);
    expect(new Set(written)).toEqual(new Set(succeeded.map((r) => titles[responses.indexOf(r)])));
  });

  it('formulate one id concurrently exactly once; the others get 409 goal-already-exists', async () => {
    const body = goalBody();
    const responses = await Promise.all(Array.from({ length: 5 }, () => http().post('/v1/goals').send(body)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) expectProblem(response, 409, 'goal-already-exists');
    expect(await historyOf(http, body.id)).toHaveLength(1);
  });
});

describe('read-your-writes and the actor', () => {
  it('shows every write to a GET right after it, in the details, the list and the history', async () => {
    const body = goalBody({ municipalityId: await enrolledMunicipality(http) });
    const steps: [string, object, Partial<GoalBody>][] = [
      ['/v1/goals', body, { status: 'agreed', revision: 0 }],
      [`/v1/goals/${body.id}/revisions`, revision('Netzwerk'), { title: 'Netzwerk', revision: 1 }],
      [`/v1/goals/${body.id}/status`, statusChange('in_progress'), { status: 'in_progress', revision: 2 }],
      [`/v1/goals/${body.id}/revisions`, { targetDate: null, reason: 'offen', occurredAt: '2013-10-01' }, { targetDate: null, revision: 3 }],
    ];
    for (const [path, send, expected] of steps) {
      const written = (await http().post(path).send(send).expect(path === '/v1/goals' ? 201 : 200)).body as WriteBody;
      const details = await http().get(`/v1/goals/${body.id}`).expect(200);
      expect(details.body).toMatchObject({ ...expected, position: written.position });
      expect(details.headers.etag).toBe(`"${written.revision}"`);
      expect(await listAll(http, { municipalityId: body.municipalityId })).toEqual([goalFields(details.body as GoalBody)]);
      expect((await historyOf(http, body.id)).map((e) => e.revision)).toEqual(Array.from({ length: written.revision + 1 }, (_, i) => i));
    }
  });

  it('records the authenticated caller on every event, whatever an X-Actor header claims', async () => {
    const body = goalBody();
    const [workshop, office] = [await issueApiKey(http, { role: 'municipality_editor', municipalityId: body.municipalityId }), await issueApiKey(http, { role: 'coordinator' })];
    await http().post('/v1/goals').set(workshop.headers).set('X-Actor', 'somebody-else@example.org').send(body).expect(201);
    await http().post(`/v1/goals/${body.id}/revisions`).send(revision('Netzwerk')).expect(200);
    await http().post(`/v1/goals/${body.id}/status`).set(office.headers).send(statusChange('in_progress')).expect(200);
    expect((await historyOf(http, body.id)).map((e) => e.actor)).toEqual([workshop.actor, TEST_ADMIN_ACTOR, office.actor]);
  });
});
