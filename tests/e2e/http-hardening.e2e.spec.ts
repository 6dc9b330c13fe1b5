import { gzipSync } from 'node:zlib';
import type { Server } from 'node:net';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { appPerSuite } from '../support/app.js';
import { expectProblem, goalBody, historyOf, logHead, offending } from '../support/e2e-http.js';
import { rawRequest } from '../support/raw-http.js';
import { problemType } from '../../apps/api/src/problems/problem-types.js';

const ALLOWED_ORIGIN = 'https://kekiz.example';
const { app, http } = appPerSuite({ bodyLimitBytes: 4096, requestTimeoutMs: 400, corsOrigins: [ALLOWED_ORIGIN] });
const server = () => app().getHttpServer() as Server;

beforeAll(async () => {
  // Raw connections need a port; supertest uses the same listening server.
  await app().listen(0, '127.0.0.1');
});

/** Sends the bytes as they are (superagent would serialise a Buffer as JSON). */
const raw = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  http()
    .post(path)
    .set({ 'Content-Type': 'application/json', ...headers })
    .serialize((bytes: string) => bytes)
    .send(body as string);

describe('security headers and CORS', () => {
  it('sends helmet\'s security headers on API answers and the Swagger console, and no X-Powered-By', async () => {
    for (const response of [await http().get('/v1/goals'), await http().get('/docs')]) {
      expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer' });
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
    const csp = String((await http().get('/docs').expect(200)).headers['content-security-policy']);
    // The console's scripts are files of its own origin; they must not be upgraded to HTTPS on a plain-HTTP deployment.
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('lets a configured origin read the answers, with the headers a write sets, and no other origin', async () => {
    const allowed = await http().get('/v1/goals').set('Origin', ALLOWED_ORIGIN).expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(allowed.headers['access-control-expose-headers'])).toContain('ETag');
    const preflight = await http().options('/v1/goals').set({ Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'POST' });
    expect(preflight.status).toBe(204);
    const other = await http().get('/v1/goals').set('Origin', 'https://elsewhere.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS by default', () => {
  const defaults = appPerSuite();
  it('is off: no origin is allowed, and a preflight is an unknown route', async () => {
    const response = await defaults.http().get('/v1/goals').set('Origin', ALLOWED_ORIGIN).expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await defaults.http().options('/v1/goals').set({ Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expectProblem(preflight, 404, 'not-found');
  });
});

describe('limits answer with problem documents', () => {
  it('refuses a body over the configured limit with 413 payload-too-large and appends nothing', async () => {
    const head = await logHead(http);
    expectProblem(await http().post('/v1/goals').send(goalBody({ description: 'x'.repeat(5000) })), 413, 'payload-too-large');
    expect(await logHead(http)).toBe(head);
  });

  it('answers a body that stops arriving with 408 request-timeout and closes the connection', async () => {
    const answer = await rawRequest(server(), 'POST /v1/goals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"title":');
    expect(answer.status).toBe(408);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ type: problemType('request-timeout'), status: 408, instance: '/v1/goals' });
  });

  it.each([
    ['a path', `GET /v1/goals/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['a header', `GET /v1/goals HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])('answers %s beyond 16 KiB with 431 header-too-large as a problem document', async (_what, bytes) => {
    const answer = await rawRequest(server(), bytes);
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ type: problemType('header-too-large'), status: 431 });
  });

  it('answers bytes that are not HTTP with 400 malformed-request as a problem document', async () => {
    const answer = await rawRequest(server(), 'HELLO\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ type: problemType('malformed-request'), status: 400 });
  });
});

describe('bodies that are not what they claim', () => {
  it('refuses invalid UTF-8 with 400 body-not-utf8 instead of storing replacement characters', async () => {
    const head = await logHead(http);
    const json = JSON.stringify(goalBody({ title: 'Netzwerk TITLE' }));
    const [before, after] = json.split('TITLE');
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(after)]);
    expectProblem(await raw('/v1/goals', body), 400, 'body-not-utf8');
    expect(await logHead(http)).toBe(head);
  });

  it('refuses a body that is not encoded as its Content-Encoding says with 400 naming the header', async () => {
    const head = await logHead(http);
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const body = expectProblem(await raw('/v1/goals', JSON.stringify(goalBody()), { 'Content-Encoding': encoding }), 400, 'content-encoding-mismatch');
      expect(body.errors).toEqual([{ location: 'header', field: 'Content-Encoding', messages: [`the body is not ${encoding}`] }]);
    }
    expect(await logHead(http)).toBe(head);
  });

  it('accepts a body that really is gzip-encoded', async () => {
    const goal = goalBody();
    await raw('/v1/goals', gzipSync(JSON.stringify(goal)), { 'Content-Encoding': 'gzip' }).expect(201);
    expect(await historyOf(http, goal.id)).toHaveLength(1);
  });
});

describe('keys that collide with JavaScript object internals', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s at any depth with 400 naming the field, and appends nothing', async (key) => {
    const head = await logHead(http);
    const review = `{"quarter":"2013-Q2","heldOn":"2013-06-20","participants":["a"],"assessments":[{"goalId":"g","progress":"on_track","${key}":{"polluted":true}}]}`;
    expect(offending(await raw('/v1/municipalities/kreis-warendorf/reviews', review))).toContain(`body:assessments.0.${key}`);
    const goal = JSON.stringify(goalBody()).replace('{', `{"${key}":{"x":1},`);
    expect(offending(await raw('/v1/goals', goal))).toEqual([`body:${key}`]);
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
    expect(await logHead(http)).toBe(head);
  });
});
