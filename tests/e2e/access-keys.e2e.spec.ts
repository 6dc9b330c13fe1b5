import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { apiKeyStream, type ApiKey } from '#domain';
import { EVENT_STORE, type EventStore } from '#event-store';
import { hashOf } from '../../apps/api/src/access/api-key-secrets.js';
import { appPerSuite, temporaryDataDir } from '../support/app.js';
import { ApiProcess } from '../support/ops-process.js';
import { bearer, issueApiKey, type IssuedKey } from '../support/access.js';
import { enrolledMunicipality, expectProblem, goalBody, historyOf, logHead, type Http } from '../support/e2e-http.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

// No default credentials here: every request says who sends it.
const { app, http: anonymous } = appPerSuite({}, { asAdmin: false });
const admin: Http = () => request.agent(app().getHttpServer()).set(TEST_ADMIN_HEADERS);
const as = (key: IssuedKey | Readonly<Record<string, string>>) => {
  const headers = 'headers' in key ? key.headers : key;
  return () => request.agent(app().getHttpServer()).set(headers as Record<string, string>);
};
const revision = { title: 'Netzwerk in vier Sozialräumen', reason: 'Quartalsgespräch 2013-Q2', occurredAt: '2013-06-20' };

describe('without valid credentials', () => {
  it('answers 401 as a problem document naming the Bearer scheme, on reads and writes alike, and appends nothing', async () => {
    const head = await logHead(admin);
    for (const response of [
      await anonymous().get('/v1/goals'),
      await anonymous().post('/v1/goals').send(goalBody()),
      await anonymous().get('/v1/goals').set('Authorization', 'Bearer glk_not-a-key-of-this-ledger-000000000000000'),
      await anonymous().get('/v1/goals').set('Authorization', 'Basic dXNlcjpwYXNz'),
    ]) {
      expectProblem(response, 401, 'unauthenticated');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="goal-ledger"');
    }
    expect(await logHead(admin)).toBe(head);
  });

  it('still serves the health probes and the Swagger console', async () => {
    await anonymous().get('/health/live').expect(200);
    await anonymous().get('/docs').expect(200);
    await anonymous().get('/docs-json').expect(200);
  });
});

describe('API keys', () => {
  it('are shown once when issued and listed by name, role and prefix, never the key or its hash', async () => {
    const issued = await admin().post('/v1/admin/api-keys').send({ name: 'Fachverfahren Warendorf', role: 'municipality_editor', municipalityId: 'kreis-warendorf' }).expect(201);
    const { id, key, prefix } = issued.body as { id: string; key: string; prefix: string };
    expect(key).toMatch(/^glk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const listed = ((await admin().get('/v1/admin/api-keys').expect(200)).body as Record<string, unknown>[]).find((entry) => entry.id === id);
    expect(listed).toEqual({ id, name: 'Fachverfahren Warendorf', role: 'municipality_editor', municipalityId: 'kreis-warendorf', expiresAt: null, prefix, issuedAt: expect.any(String), revokedAt: null });
    const stored = JSON.stringify(await app().get<EventStore>(EVENT_STORE).readStream(apiKeyStream()));
    expect(stored).not.toContain(key);
    expect(stored).toContain(hashOf(key));
  });

  it('are never answered with a key that was not recorded when an issue is repeated with its Idempotency-Key', async () => {
    const issue = () => admin().post('/v1/admin/api-keys').set('Idempotency-Key', `issue-${randomUUID()}`);
    const key = `issue-${randomUUID()}`;
    const first = await admin().post('/v1/admin/api-keys').set('Idempotency-Key', key).send({ name: 'Fachverfahren Ahlen', role: 'evaluator' }).expect(201);
    const { id, key: secret } = first.body as { id: string; key: string };
    const repeated = expectProblem(await admin().post('/v1/admin/api-keys').set('Idempotency-Key', key).send({ name: 'Fachverfahren Ahlen', role: 'evaluator' }), 409, 'api-key-shown-once');
    expect(repeated).toMatchObject({ keyId: id });
    expect(repeated.detail).toContain(id);
    expect(((await admin().get('/v1/admin/api-keys').expect(200)).body as { id: string }[]).filter((entry) => entry.id === id)).toHaveLength(1);
    await as(bearer(secret))().get('/v1/goals').expect(200);
    // Another key's issue is not a repeat.
    await issue().send({ name: 'Fachverfahren Beckum', role: 'evaluator' }).expect(201);
  });

  it('take an expiry of null as none, like a missing one', async () => {
    const issued = await admin().post('/v1/admin/api-keys').send({ name: 'ohne Ablauf', role: 'evaluator', expiresAt: null }).expect(201);
    const { id } = issued.body as { id: string };
    const listed = ((await admin().get('/v1/admin/api-keys').expect(200)).body as Record<string, unknown>[]).find((entry) => entry.id === id);
    expect(listed).toMatchObject({ id, expiresAt: null });
  });

  it('refuse an editor key without a municipality, another role with one, and an expiry in the past, naming each field', async () => {
    const problems = [
      await admin().post('/v1/admin/api-keys').send({ name: 'x', role: 'municipality_editor' }),
      await admin().post('/v1/admin/api-keys').send({ name: 'x', role: 'evaluator', municipalityId: 'kreis-warendorf' }),
      await admin().post('/v1/admin/api-keys').send({ name: 'x', role: 'evaluator', expiresAt: '2020-01-01' }),
      await admin().post('/v1/admin/api-keys').send({ name: 'x', role: 'superuser' }),
    ].map((response) => (expectProblem(response, 400, 'validation-failed').errors ?? []).map((error) => error.field));
    expect(problems).toEqual([['municipalityId'], ['municipalityId'], ['expiresAt'], ['role']]);
  });

  it('are managed by admins only', async () => {
    const coordinator = await issueApiKey(admin, { role: 'coordinator' });
    expectProblem(await as(coordinator)().get('/v1/admin/api-keys'), 403, 'forbidden');
    expectProblem(await as(coordinator)().post('/v1/admin/api-keys').send({ name: 'mine', role: 'admin' }), 403, 'forbidden');
  });

  it('once revoked, are refused from the next request on, and revoking again is a conflict', async () => {
    const evaluator = await issueApiKey(admin, { role: 'evaluator' });
    await as(evaluator)().get('/v1/goals').expect(200);
    await admin().post(`/v1/admin/api-keys/${evaluator.id}/revoke`).send({ reason: 'Evaluation abgeschlossen' }).expect(200);
    expectProblem(await as(evaluator)().get('/v1/goals'), 401, 'unauthenticated');
    expectProblem(await admin().post(`/v1/admin/api-keys/${evaluator.id}/revoke`).send({ reason: 'nochmals' }), 409, 'api-key-already-revoked');
    expectProblem(await admin().post(`/v1/admin/api-keys/${randomUUID()}/revoke`).send({ reason: 'unbekannt' }), 404, 'api-key-not-found');
  });

  it('are refused once they have expired', async () => {
    // An expired key cannot be issued through the API (its expiry must lie ahead), so it is recorded directly.
    const key = `glk_expired-${randomUUID()}`;
    const expired: Omit<ApiKey, 'issuedAt' | 'revokedAt'> = {
      keyId: randomUUID(), name: 'abgelaufen', role: 'evaluator', municipalityId: null, expiresAt: '2020-01-01T00:00:00.000Z', hash: hashOf(key), prefix: key.slice(0, 12),
    };
    const store = app().get<EventStore>(EVENT_STORE);
    const head = (await store.readStream(apiKeyStream())).length - 1;
    const metadata = { actor: 'test', correlationId: randomUUID(), causationId: null, occurredAt: '2019-06-01T00:00:00.000Z' };
    await store.append(apiKeyStream(), [{ id: randomUUID(), type: 'ApiKeyIssued', data: expired, metadata }], head === -1 ? 'no-stream' : head);
    const response = await anonymous().get('/v1/goals').set(bearer(key));
    expect(expectProblem(response, 401, 'unauthenticated').detail).toBe('The API key is expired');
  });
});

describe('roles', () => {
  it("let a municipality's editor write its own goals, and no other municipality's — judged by the goal, not by the request", async () => {
    const [own, foreign] = [await enrolledMunicipality(admin), await enrolledMunicipality(admin)];
    const editor = await issueApiKey(admin, { role: 'municipality_editor', municipalityId: own });
    const mine = goalBody({ municipalityId: own });
    await as(editor)().post('/v1/goals').send(mine).expect(201);
    await as(editor)().post(`/v1/goals/${mine.id}/revisions`).send(revision).expect(200);

    const theirs = goalBody({ municipalityId: foreign });
    await admin().post('/v1/goals').send(theirs).expect(201);
    const head = await logHead(admin);
    expectProblem(await as(editor)().post('/v1/goals').send(goalBody({ municipalityId: foreign })), 403, 'forbidden');
    expectProblem(await as(editor)().post(`/v1/goals/${theirs.id}/revisions`).send(revision), 403, 'forbidden');
    // Formulating the foreign goal's id again "for" its own municipality is judged by the goal that exists.
    expectProblem(await as(editor)().post('/v1/goals').send({ ...mine, id: theirs.id }), 403, 'forbidden');
    // A goal that does not exist gets the same answer, so the answer does not tell which ids exist.
    expectProblem(await as(editor)().post(`/v1/goals/unknown-${randomUUID()}/revisions`).send(revision), 403, 'forbidden');
    expectProblem(await as(editor)().post('/v1/programmes').send({ id: `p-${randomUUID()}`, name: 'x', occurredAt: '2012-01-01' }), 403, 'forbidden');
    expect(await logHead(admin)).toBe(head);
    expect((await historyOf(admin, mine.id)).map((entry) => entry.actor)).toEqual([editor.actor, editor.actor]);
  });

  it("let a municipality's editor bring back a goal of its own that it retracted, and no other municipality's", async () => {
    const [own, foreign] = [await enrolledMunicipality(admin), await enrolledMunicipality(admin)];
    const [editor, other] = [await issueApiKey(admin, { role: 'municipality_editor', municipalityId: own }), await issueApiKey(admin, { role: 'municipality_editor', municipalityId: foreign })];
    const mine = goalBody({ municipalityId: own });
    await as(editor)().post('/v1/goals').send(mine).expect(201);
    await as(editor)().post(`/v1/goals/${mine.id}/corrections`).send({ revision: 0, retract: true, reason: 'versehentlich erfasst' }).expect(200);
    const restore = { revision: 0, changes: { title: 'Netzwerk Frühe Hilfen' }, reason: 'doch vereinbart' };
    expectProblem(await as(other)().post(`/v1/goals/${mine.id}/corrections`).send(restore), 403, 'forbidden');
    await as(editor)().post(`/v1/goals/${mine.id}/corrections`).send(restore).expect(200);
    expect((await admin().get(`/v1/goals/${mine.id}`).expect(200)).body).toMatchObject({ municipalityId: own, title: 'Netzwerk Frühe Hilfen' });
  });

  it('let an evaluator read goals, history and the raw log, and write nothing', async () => {
    const evaluator = await issueApiKey(admin, { role: 'evaluator' });
    const goal = goalBody();
    await admin().post('/v1/goals').send(goal).expect(201);
    await as(evaluator)().get(`/v1/goals/${goal.id}`).expect(200);
    await as(evaluator)().get(`/v1/goals/${goal.id}/history`).expect(200);
    await as(evaluator)().get('/v1/events').expect(200);
    const head = await logHead(admin);
    expectProblem(await as(evaluator)().post(`/v1/goals/${goal.id}/revisions`).send(revision), 403, 'forbidden');
    expectProblem(await as(evaluator)().post('/v1/admin/projections/goals/rebuild'), 403, 'forbidden');
    expect(await logHead(admin)).toBe(head);
  });
});

describe('rate limits', () => {
  // Without the test registry, whose writes the admin's limit would count.
  const limited = appPerSuite({ rateLimit: 3, rateLimitWindowMs: 60_000 }, { asAdmin: false, registry: false });
  const limitedAs = (headers: Readonly<Record<string, string>>) => request.agent(limited.app().getHttpServer()).set(headers as Record<string, string>);

  it('answer a caller over its limit with 429, Retry-After and a problem document, and count each caller on its own', async () => {
    const coordinator = await issueApiKey(() => limitedAs(TEST_ADMIN_HEADERS), { role: 'coordinator' });
    for (let i = 0; i < 2; i += 1) await limitedAs(TEST_ADMIN_HEADERS).get('/v1/goals').expect(200);
    const refused = await limitedAs(TEST_ADMIN_HEADERS).get('/v1/goals');
    expectProblem(refused, 429, 'too-many-requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await limitedAs(coordinator.headers).get('/v1/goals').expect(200);
    // Requests without valid credentials are counted per address, apart from the admin's.
    expectProblem(await limited.http().get('/v1/goals'), 401, 'unauthenticated');
  });
});

describe('the first start', () => {
  const data = temporaryDataDir();
  afterAll(() => data.remove());
  // GOAL_LEDGER_ADMIN_API_KEY empty counts as unset.
  const start = () => ApiProcess.start({ GOAL_LEDGER_DATA_DIR: data.path, GOAL_LEDGER_ADMIN_API_KEY: '', HOST: '127.0.0.1', PORT: '0' });
  const urlOf = async (api: ApiProcess) => /serving on (http:\/\/[\d.]+:\d+)/.exec(await api.line((line) => line.includes('serving on')))?.[1] ?? '';

  it('on an empty store prints an admin key once, which works; later starts print none', async () => {
    const first = start();
    try {
      const url = await urlOf(first);
      const key = /^\s+(glk_[A-Za-z0-9_-]{43})$/.exec(await first.line((line) => /^\s+glk_/.test(line)))?.[1] ?? '';
      const keys = await fetch(`${url}/v1/admin/api-keys`, { headers: bearer(key) });
      expect(keys.status).toBe(200);
      expect(((await keys.json()) as { name: string; role: string }[]).map(({ name, role }) => ({ name, role }))).toEqual([{ name: 'first admin', role: 'admin' }]);
    } finally {
      first.signal('SIGTERM');
      await first.exited;
    }
    const second = start();
    try {
      await urlOf(second);
      expect(second.stdout.filter((line) => line.includes('glk_'))).toEqual([]);
    } finally {
      second.signal('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
