import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ROLES } from '#domain';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { problemType } from '../../apps/api/src/problems/problem-types.js';
import { bearer, issueApiKey } from '../support/access.js';
import { appPerSuite, temporaryDataDir } from '../support/app.js';
import { expectProblem, goalBody, historyOf, logHead, type AuditEntryBody, type Http, type WriteBody } from '../support/e2e-http.js';
import { identityProviderPerSuite, TEST_AUDIENCE, TEST_ISSUER } from '../support/identity-provider.js';
import { DeliveryGate, startOpsApp } from '../support/ops-app.js';
import { TEST_ADMIN_ACTOR, TEST_ADMIN_HEADERS } from '../support/test-admin.js';

/**
 * The edges of access control (docs/access.md, docs/api.md): tokens of another issuer and roles in a plain
 * claim, the request deadline, the rate limit of callers without credentials, key revocations in the audit
 * log, and how the OpenAPI document states who may call each operation.
 */

/** Requests to an app with the given credentials (the test admin's by default). */
const caller =
  (app: () => INestApplication, headers: Readonly<Record<string, string>> = TEST_ADMIN_HEADERS): Http =>
  () =>
    request.agent(app().getHttpServer()).set(headers as Record<string, string>);

// The test identity provider (started before any app); each app below is told to trust it in its own way.
const provider = identityProviderPerSuite({});

describe('OpenID Connect access tokens', () => {
  // Trusts the provider through the environment, with the role claim left at its default (`roles`).
  const plain: Partial<AppConfig> = {};
  // Fetches the provider's keys, but trusts another issuer: the provider's tokens are right in all but `iss`.
  const otherIssuer: Partial<AppConfig> = {};
  beforeAll(() => {
    const { oidc } = loadConfig({ GOAL_LEDGER_OIDC_ISSUER: TEST_ISSUER, GOAL_LEDGER_OIDC_JWKS_URL: provider().config.jwksUrl, GOAL_LEDGER_OIDC_AUDIENCE: TEST_AUDIENCE });
    Object.assign(plain, { oidc });
    Object.assign(otherIssuer, { oidc: { ...oidc, issuer: 'https://login.other-county.example/realms/verwaltung' } });
  });
  const trusting = appPerSuite(plain, { asAdmin: false });
  const foreign = appPerSuite(otherIssuer, { asAdmin: false });
  const withToken = (app: () => INestApplication, token: string) => caller(app, bearer(token));

  it('takes the role from a plain claim name by default: `roles`, as a list or a single string, and the municipality from `municipality`', async () => {
    expect(plain.oidc).toMatchObject({ roleClaim: 'roles', municipalityClaim: 'municipality' });
    const goal = goalBody();
    const editor = await provider().token({ sub: 'jugendamt-warendorf-1', roles: 'municipality_editor', municipality: goal.municipalityId });
    await withToken(trusting.app, editor)().post('/v1/goals').send(goal).expect(201);
    expect((await historyOf(caller(trusting.app), goal.id)).map((entry) => entry.actor)).toEqual(['oidc:jugendamt-warendorf-1']);
    expectProblem(await withToken(trusting.app, editor)().post('/v1/goals').send(goalBody({ municipalityId: 'kreis-dueren' })), 403, 'forbidden');

    const evaluator = await provider().token({ sub: 'evaluation-team', roles: ['offline_access', 'evaluator'] });
    await withToken(trusting.app, evaluator)().get('/v1/audit').expect(200);
    expectProblem(await withToken(trusting.app, evaluator)().post(`/v1/goals/${goal.id}/status`).send({ status: 'in_progress', reason: 'Auftakt', occurredAt: '2013-01-10' }), 403, 'forbidden');

    // Of several roles the most powerful counts: a coordinator's write, and still no admin's read.
    const both = await provider().token({ sub: 'lks-team', roles: ['evaluator', 'coordinator'] });
    await withToken(trusting.app, both)().post(`/v1/goals/${goal.id}/status`).send({ status: 'in_progress', reason: 'Auftakt', occurredAt: '2013-01-10' }).expect(200);
    expectProblem(await withToken(trusting.app, both)().get('/v1/admin/api-keys'), 403, 'forbidden');
  });

  it('refuses with 401 a token whose roles are not in the configured claim, naming it', async () => {
    const keycloak = await provider().token({ sub: 'keycloak-user', realm_access: { roles: ['admin'] } });
    const response = await withToken(trusting.app, keycloak)().get('/v1/goals');
    expect(expectProblem(response, 401, 'unauthenticated').detail).toBe(`The access token is not accepted: the token names none of the roles ${ROLES.join(', ')} in roles`);
  });

  it('refuses with 401 a token of another issuer, though signed by a trusted key for the right audience', async () => {
    const token = await provider().token({ sub: 'lks-team', roles: ['admin'] });
    // The same token is good where its issuer is trusted …
    await withToken(trusting.app, token)().get('/v1/goals').expect(200);
    // … and refused where another issuer is, on reads and writes alike, appending nothing.
    const head = await logHead(caller(foreign.app));
    for (const response of [await withToken(foreign.app, token)().get('/v1/goals'), await withToken(foreign.app, token)().post('/v1/goals').send(goalBody())]) {
      expect(expectProblem(response, 401, 'unauthenticated').detail).toBe("The access token is not accepted: the access token's iss claim is not accepted");
      expect(response.headers['www-authenticate']).toBe('Bearer realm="goal-ledger"');
    }
    expect(await logHead(caller(foreign.app))).toBe(head);
  });
});

describe('the request deadline (GOAL_LEDGER_REQUEST_TIMEOUT_MS)', () => {
  const REQUEST_TIMEOUT_MS = 2000;
  // Far beyond the deadline: a request waiting for the read models is still waiting when the deadline answers.
  const PROJECTION_WAIT_MS = 60_000;
  const data = temporaryDataDir();
  const gate = new DeliveryGate();
  let app: INestApplication | undefined;
  beforeAll(async () => {
    app = await startOpsApp({ config: { dataDir: data.path, requestTimeoutMs: REQUEST_TIMEOUT_MS, projectionWaitMs: PROJECTION_WAIT_MS }, wrapStore: (store) => gate.wrap(store) });
  });
  afterAll(async () => {
    gate.open();
    await app?.close();
    data.remove();
  });
  const http = caller(() => app as INestApplication);

  it('answers a read still without an answer by then with 503 response-timeout, Retry-After and a problem document', async () => {
    // A read at a position the log never reaches waits for the read model until PROJECTION_WAIT_MS.
    const path = `/v1/audit?minPosition=${Number.MAX_SAFE_INTEGER}`;
    const started = Date.now();
    const response = await http().get(path);
    const elapsed = Date.now() - started;
    const problem = expectProblem(response, 503, 'response-timeout');
    expect(problem).toMatchObject({ title: 'The answer took longer than the request timeout', instance: path, detail: `No answer was ready within ${REQUEST_TIMEOUT_MS} ms; retry shortly` });
    expect(response.headers['retry-after']).toBe('1');
    // The deadline, not the read's own wait, answered it.
    expect(elapsed >= REQUEST_TIMEOUT_MS && elapsed < PROJECTION_WAIT_MS).toBe(true);
    // Requests with an answer in time are not affected.
    await http().get('/v1/audit?limit=1').expect(200);
  });

  it('answers a write still waiting for the read models with 503 response-timeout; it was recorded, and its retry with the Idempotency-Key gets its first answer', async () => {
    const goal = goalBody();
    const key = `deadline-${goal.id}`;
    gate.close();
    const late = await http().post('/v1/goals').set('Idempotency-Key', key).send(goal);
    expectProblem(late, 503, 'response-timeout');
    expect(late.headers['retry-after']).toBe('1');
    gate.open();
    const head = await logHead(http);
    const retry = await http().post('/v1/goals').set('Idempotency-Key', key).send(goal).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual({ id: goal.id, revision: 0, position: head });
    expect(await logHead(http)).toBe(head);
    expect((await historyOf(http, goal.id)).map((entry) => entry.type)).toEqual(['GoalFormulated']);
  });
});

describe('the rate limit of callers without valid credentials', () => {
  const LIMIT = 3;
  const WINDOW_S = 60;
  // Without the test registry, whose writes would count against the admin.
  const limited = appPerSuite({ rateLimit: LIMIT, rateLimitWindowMs: WINDOW_S * 1000 }, { asAdmin: false, registry: false });
  let port = 0;
  beforeAll(async () => {
    await limited.app().listen(0, '127.0.0.1');
    port = (limited.app().getHttpServer().address() as AddressInfo).port;
  });

  interface Answer {
    readonly status: number;
    readonly headers: IncomingHttpHeaders;
    readonly body: { type?: string; status?: number; detail?: string };
  }

  /** One request from the given local address (every 127/8 address reaches the loopback server). */
  const send = (method: string, path: string, { from = '127.0.0.1', headers = {} }: { from?: string; headers?: Record<string, string> } = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const call = httpRequest({ host: '127.0.0.1', port, method, path, localAddress: from, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: /json/.test(String(response.headers['content-type'])) ? JSON.parse(text) : {} });
        });
      });
      call.on('error', reject);
      call.end(method === 'POST' ? JSON.stringify(goalBody()) : undefined);
    });

  const outcome = ({ status, headers, body }: Answer) => ({ status, type: body.type, contentType: String(headers['content-type']).split(';')[0] });
  const refused = (kind: 'unauthenticated' | 'too-many-requests') => ({ status: kind === 'unauthenticated' ? 401 : 429, type: problemType(kind), contentType: 'application/problem+json' });
  const forged = { authorization: 'Bearer glk_forged-key-that-nobody-issued-000000000' };

  it('counts them per IP address, and answers the one over the limit with 429, Retry-After and RateLimit headers', async () => {
    // No credentials and a forged key count alike, for reads and writes.
    const within = [await send('GET', '/v1/goals'), await send('GET', '/v1/goals', { headers: forged }), await send('POST', '/v1/goals')];
    expect(within.map(outcome)).toEqual(within.map(() => refused('unauthenticated')));
    expect(within.map((answer) => answer.headers.ratelimit)).toEqual([2, 1, 0].map((remaining) => expect.stringMatching(new RegExp(`^limit=${LIMIT}, remaining=${remaining}, reset=\\d+$`))));
    expect(within[0].headers['ratelimit-policy']).toBe(`${LIMIT};w=${WINDOW_S}`);

    const over = await send('GET', '/v1/goals');
    expect(outcome(over)).toEqual(refused('too-many-requests'));
    expect(over.body.status).toBe(429);
    const retryAfter = Number(over.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_S).toBe(true);
    expect(over.headers.ratelimit).toMatch(new RegExp(`^limit=${LIMIT}, remaining=0, reset=\\d+$`));

    // A forged key, a write, or a forwarding header the server does not trust still come from the same address.
    const still = [
      await send('GET', '/v1/goals', { headers: forged }),
      await send('POST', '/v1/goals'),
      await send('GET', '/v1/goals', { headers: { 'x-forwarded-for': '203.0.113.7' } }),
    ];
    expect(still.map(outcome)).toEqual(still.map(() => refused('too-many-requests')));
    for (const answer of still) expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Another address has a count of its own; a valid key is counted as its identity; probes are not counted.
    expect(outcome(await send('GET', '/v1/goals', { from: '127.0.0.2' }))).toEqual(refused('unauthenticated'));
    expect((await send('GET', '/v1/goals', { headers: TEST_ADMIN_HEADERS as Record<string, string> })).status).toBe(200);
    expect((await send('GET', '/health/live')).status).toBe(200);
  });
});


describe('revoking a key', () => {
  const { app } = appPerSuite({}, { asAdmin: false, registry: false });
  const admin = caller(app);

  it('is in the audit log with the admin who revoked it as the actor, and the key is not', async () => {
    const secondAdmin = await issueApiKey(admin, { role: 'admin', name: 'Zweite Administratorin' });
    const evaluator = await issueApiKey(caller(app, secondAdmin.headers), { role: 'evaluator', name: 'Evaluation 2016' });
    await caller(app, evaluator.headers)().get('/v1/goals').expect(200);
    const revoked = (await caller(app, secondAdmin.headers)().post(`/v1/admin/api-keys/${evaluator.id}/revoke`).send({ reason: 'Evaluation abgeschlossen' }).expect(200)).body as WriteBody;
    expectProblem(await caller(app, evaluator.headers)().get('/v1/goals'), 401, 'unauthenticated');

    const page = (await admin().get('/v1/audit').query({ actor: secondAdmin.actor, minPosition: String(revoked.position) }).expect(200)).body as { items: AuditEntryBody[] };
    expect(page.items).toEqual([
      expect.objectContaining({ actor: secondAdmin.actor, command: 'IssueApiKey', eventType: 'ApiKeyIssued', stream: 'apikeys-all', reason: null }),
      expect.objectContaining({ position: revoked.position, actor: secondAdmin.actor, command: 'RevokeApiKey', eventType: 'ApiKeyRevoked', stream: 'apikeys-all', reason: 'Evaluation abgeschlossen', municipalityId: null }),
    ]);
    // The configured admin key was issued at start, the second admin's key by the test admin: each names who did it.
    const keyStream = (await admin().get('/v1/audit').query({ stream: 'apikeys-all' }).expect(200)).body as { items: AuditEntryBody[] };
    expect(keyStream.items.map((entry) => [entry.eventType, entry.actor])).toEqual([
      ['ApiKeyIssued', 'system:first-start'],
      ['ApiKeyIssued', TEST_ADMIN_ACTOR],
      ['ApiKeyIssued', secondAdmin.actor],
      ['ApiKeyRevoked', secondAdmin.actor],
    ]);
    const csv = (await admin().get('/v1/audit').set('Accept', 'text/csv').expect(200)).text;
    expect(csv).toContain(`,${secondAdmin.actor},RevokeApiKey,apikeys-all,ApiKeyRevoked,,Evaluation abgeschlossen,`);
    for (const key of [evaluator.key, secondAdmin.key]) expect(csv).not.toContain(key);
  });
});

interface OpenApiOperation {
  description?: string;
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

describe('the OpenAPI document', () => {
  const { http: anonymous } = appPerSuite({}, { asAdmin: false, registry: false });
  /** Open without credentials, so without a security requirement and roles: the health probes. */
  const isPublic = (path: string) => path.startsWith('/health/');

  it('gives every operation but the public ones the bearer requirement, 401/403/429 problems, and "Roles:" naming exactly its x-roles', async () => {
    const spec = (await anonymous().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, OpenApiOperation>>;
      components: { securitySchemes?: Record<string, { type: string; scheme: string }> };
    };
    expect(spec.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });

    const operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, path, operation })));
    expect(operations.length).toBeGreaterThan(40);
    const described = (description = '') => {
      const lines = description.split('\n').filter((line) => line.includes('Roles:'));
      return { lines: lines.length, roles: [...(lines[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]) };
    };
    const got = operations.map(({ route, operation }) => ({
      route,
      security: operation.security,
      roles: operation['x-roles'],
      described: described(operation.description),
      problems: ['401', '403', '429'].map((status) => Object.keys(operation.responses?.[status]?.content ?? {})),
    }));
    const wanted = operations.map(({ route, path, operation }) =>
      isPublic(path)
        ? { route, security: undefined, roles: undefined, described: { lines: 0, roles: [] }, problems: [[], [], []] }
        : {
            route,
            security: [{ bearer: [] }],
            // Some of the roles there are, each once; the description names the same ones, in the same order.
            roles: expect.arrayContaining([expect.stringMatching(new RegExp(`^(${ROLES.join('|')})$`))]),
            described: { lines: 1, roles: operation['x-roles'] ?? ['(x-roles missing)'] },
            problems: [['application/problem+json'], ['application/problem+json'], ['application/problem+json']],
          },
    );
    expect(got).toEqual(wanted);
    for (const { route, operation } of operations) {
      const roles = operation['x-roles'] ?? [];
      expect({ route, roles: [...new Set(roles)].filter((role) => (ROLES as readonly string[]).includes(role)) }).toEqual({ route, roles });
    }
  });

  it('leaves the health probes out, and they answer without credentials', async () => {
    const spec = (await anonymous().get('/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((path) => !path.startsWith('/v1/'))).toEqual([]);
    await anonymous().get('/health/live').expect(200);
    await anonymous().get('/health/ready').expect(200);
  });
});
