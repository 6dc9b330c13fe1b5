import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { appPerSuite } from '../support/app.js';
import { bearer } from '../support/access.js';
import { expectProblem, goalBody, historyOf, type Http } from '../support/e2e-http.js';
import { identityProviderPerSuite } from '../support/identity-provider.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

// Filled in before the app starts (appPerSuite spreads it in its own beforeAll, declared after this one).
const config: Partial<AppConfig> = {};
const provider = identityProviderPerSuite(config);

const { app } = appPerSuite(config, { asAdmin: false });
const admin: Http = () => request.agent(app().getHttpServer()).set(TEST_ADMIN_HEADERS);
const withToken = (token: string) => () => request.agent(app().getHttpServer()).set(bearer(token) as Record<string, string>);

describe('OpenID Connect access tokens', () => {
  it('let a person in with the role and municipality of their claims, and record them as the actor', async () => {
    const goal = goalBody();
    const editor = await provider().token({ sub: 'a1b2-warendorf', realm_access: { roles: ['offline_access', 'municipality_editor'] }, municipality: goal.municipalityId });
    await withToken(editor)().post('/v1/goals').send(goal).expect(201);
    expectProblem(await withToken(editor)().post('/v1/goals').send(goalBody({ municipalityId: 'kreis-dueren' })), 403, 'forbidden');
    expect((await historyOf(admin, goal.id)).map((entry) => entry.actor)).toEqual(['oidc:a1b2-warendorf']);
    const evaluator = await provider().token({ sub: 'evaluation-team', realm_access: { roles: ['evaluator'] } });
    await withToken(evaluator)().get(`/v1/goals/${goal.id}`).expect(200);
    expectProblem(await withToken(evaluator)().post(`/v1/goals/${goal.id}/status`).send({ status: 'in_progress', reason: 'x', occurredAt: '2013-01-01' }), 403, 'forbidden');
  });

  it.each([
    ['an expired token', () => provider().token({ sub: 'late', realm_access: { roles: ['admin'] } }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }), 'expired'],
    ['a token without an expiry', () => provider().token({ sub: 'forever', realm_access: { roles: ['admin'] } }, { expiresIn: null }), 'exp'],
    ['a token signed by another key', () => provider().token({ sub: 'forger', realm_access: { roles: ['admin'] } }, { forged: true }), 'not signed by the identity provider'],
    ['a token for another audience', () => provider().token({ sub: 'elsewhere', realm_access: { roles: ['admin'] } }, { audience: 'another-service' }), 'aud'],
    ['a token without a known role', () => provider().token({ sub: 'nobody', realm_access: { roles: ['offline_access'] } }), 'none of the roles'],
  ])('refuse %s with 401', async (_what, make, reason) => {
    const response = await withToken(await make())().get('/v1/goals');
    expect(expectProblem(response, 401, 'unauthenticated').detail).toContain(reason);
  });
});
