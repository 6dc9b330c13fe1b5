import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import request from 'supertest';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { appPerSuite } from '../support/app.js';
import { bearer } from '../support/access.js';
import { expectProblem, goalBody, historyOf, type Http } from '../support/e2e-http.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

const ISSUER = 'https://idp.kekiz.example/realms/kekiz';
const AUDIENCE = 'goal-ledger';
let signing: CryptoKey;
let forger: CryptoKey;
let jwks: Server;
// Filled in before the app starts (appPerSuite spreads it in its own beforeAll, declared after this one).
const config: Partial<AppConfig> = {};

beforeAll(async () => {
  const provider = await generateKeyPair('RS256');
  signing = provider.privateKey;
  forger = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  // The identity provider's key set, served on loopback by the test itself.
  jwks = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { port } = jwks.address() as AddressInfo;
  Object.assign(config, { oidc: { issuer: ISSUER, jwksUrl: `http://127.0.0.1:${port}/certs`, audience: AUDIENCE, roleClaim: 'realm_access.roles', municipalityClaim: 'municipality' } });
});
afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

const { app } = appPerSuite(config, { asAdmin: false });
const admin: Http = () => request.agent(app().getHttpServer()).set(TEST_ADMIN_HEADERS);
const withToken = (token: string) => () => request.agent(app().getHttpServer()).set(bearer(token) as Record<string, string>);

function token(claims: JWTPayload, { key = signing, audience = AUDIENCE, expiresIn = '5m' }: { key?: CryptoKey; audience?: string; expiresIn?: string | number } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(audience).setIssuedAt().setExpirationTime(expiresIn).sign(key);
}

describe('OpenID Connect access tokens', () => {
  it('let a person in with the role and municipality of their claims, and record them as the actor', async () => {
    const goal = goalBody();
    const editor = await token({ sub: 'a1b2-warendorf', realm_access: { roles: ['offline_access', 'municipality_editor'] }, municipality: goal.municipalityId });
    await withToken(editor)().post('/v1/goals').send(goal).expect(201);
    expectProblem(await withToken(editor)().post('/v1/goals').send(goalBody({ municipalityId: 'kreis-dueren' })), 403, 'forbidden');
    expect((await historyOf(admin, goal.id)).map((entry) => entry.actor)).toEqual(['oidc:a1b2-warendorf']);
    const evaluator = await token({ sub: 'evaluation-team', realm_access: { roles: ['evaluator'] } });
    await withToken(evaluator)().get(`/v1/goals/${goal.id}`).expect(200);
    expectProblem(await withToken(evaluator)().post(`/v1/goals/${goal.id}/status`).send({ status: 'in_progress', reason: 'x', occurredAt: '2013-01-01' }), 403, 'forbidden');
  });

  it.each([
    ['an expired token', () => token({ sub: 'late', realm_access: { roles: ['admin'] } }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }), 'expired'],
    ['a token signed by another key', () => token({ sub: 'forger', realm_access: { roles: ['admin'] } }, { key: forger }), 'not signed by the identity provider'],
    ['a token for another audience', () => token({ sub: 'elsewhere', realm_access: { roles: ['admin'] } }, { audience: 'another-service' }), 'aud'],
    ['a token without a known role', () => token({ sub: 'nobody', realm_access: { roles: ['offline_access'] } }), 'none of the roles'],
  ])('refuse %s with 401', async (_what, make, reason) => {
    const response = await withToken(await make())().get('/v1/goals');
    expect(expectProblem(response, 401, 'unauthenticated').detail).toContain(reason);
  });
});
