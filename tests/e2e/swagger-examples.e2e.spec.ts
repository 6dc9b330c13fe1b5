import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { appPerSuite } from '../support/app.js';
import { exampleBodies, examplePath, type Operation, type Spec } from '../support/openapi-examples.js';

/**
 * The order a newcomer tries the writes in the Swagger console on a fresh store: the registry first, then
 * goals, their statuses and revisions, a review, a carry-over, closing the phase, and corrections last.
 */
const WRITE_ORDER = [
  'POST /v1/programmes',
  'POST /v1/programmes/{id}/phases',
  'POST /v1/municipalities',
  'POST /v1/municipalities/{id}/rename',
  'POST /v1/municipalities/{id}/social-spaces',
  'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/rename',
  'POST /v1/municipalities/{id}/enrolments',
  'POST /v1/municipalities/{id}/theme-areas',
  'POST /v1/goals',
  'POST /v1/goals/{id}/status',
  'POST /v1/goals/{id}/revisions',
  'POST /v1/municipalities/{id}/reviews',
  'POST /v1/goals/{id}/corrections',
  'POST /v1/programmes/{id}/phases/{phaseId}/close',
  'POST /v1/goals/{id}/carry-over',
  'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/retire',
  'POST /v1/municipalities/{id}/enrolments/{programmeId}/{phaseId}/end',
  'POST /v1/programmes/{id}/corrections',
  'POST /v1/municipalities/{id}/corrections',
  'POST /v1/reviews/{id}/corrections',
  'POST /v1/integrity/tree-head',
  'POST /v1/admin/projections/{name}/rebuild',
  'POST /v1/admin/api-keys',
  'POST /v1/admin/api-keys/{id}/revoke',
];

/** Path parameters the server assigns: a console user copies them from the answer of an earlier write. */
const FROM_EARLIER_ANSWER: Readonly<Record<string, { parameter: string; route: string; field: string }>> = {
  'POST /v1/admin/api-keys/{id}/revoke': { parameter: 'id', route: 'POST /v1/admin/api-keys', field: 'id' },
};

const { app } = appPerSuite({}, { registry: false });
let spec: Spec;

beforeAll(async () => {
  spec = (await request(app().getHttpServer()).get('/docs-json').expect(200)).body as Spec;
});

describe('the Swagger examples', () => {
  it('succeed when every write is tried in order on a fresh store', async () => {
    const answers: string[] = [];
    const answered = new Map<string, Record<string, unknown>>();
    for (const route of WRITE_ORDER) {
      const [method, template] = route.split(' ');
      const operation = spec.paths[template]?.[method.toLowerCase()];
      expect({ route, documented: operation !== undefined }).toEqual({ route, documented: true });
      let path = examplePath(template, operation as Operation);
      const copied = FROM_EARLIER_ANSWER[route];
      if (copied) path = path.replace(/[^/]+(\/[^/]+)$/, `${String(answered.get(copied.route)?.[copied.field])}$1`);
      for (const body of exampleBodies(spec, operation as Operation)) {
        const response = await request(app().getHttpServer()).post(path).send(body as object);
        answered.set(route, response.body as Record<string, unknown>);
        answers.push(`${route} → ${response.status}${response.status >= 300 ? ` ${JSON.stringify(response.body)}` : ''}`);
      }
    }
    expect(answers.filter((answer) => !/ → 20[012]$/.test(answer))).toEqual([]);
  });

  it('covers every write of the console', () => {
    const writes = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).filter((method) => method === 'post').map(() => `POST ${path}`));
    expect(writes.sort()).toEqual([...WRITE_ORDER].sort());
  });
});
