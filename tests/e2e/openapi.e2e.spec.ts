import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { appPerSuite } from '../support/app.js';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; example?: unknown; description?: string; schema?: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown; examples?: object }> }>;
}

const { app } = appPerSuite();
let spec: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> } };

beforeAll(async () => {
  spec = (await request(app().getHttpServer()).get('/docs-json').expect(200)).body;
});

const operations = () =>
  Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));

describe('the Swagger console', () => {
  it('serves the Swagger UI at /docs', async () => {
    const page = await request(app().getHttpServer()).get('/docs').expect(200);
    expect(page.text).toContain('swagger-ui');
  });

  it('documents every endpoint', () => {
    expect(operations().map((o) => o.route).sort()).toEqual(
      [
        'GET /v1/admin/api-keys',
        'GET /v1/admin/projections',
        'GET /v1/audit',
        'GET /v1/events',
        'GET /v1/events/live',
        'GET /v1/exports/goal-history.csv',
        'GET /v1/exports/goals.csv',
        'GET /v1/exports/reviews.csv',
        'GET /v1/goals',
        'GET /v1/goals/{id}',
        'GET /v1/goals/{id}/history',
        'GET /v1/integrity/bundle',
        'GET /v1/integrity/proofs/consistency',
        'GET /v1/integrity/proofs/inclusion',
        'GET /v1/integrity/public-key',
        'GET /v1/integrity/tree-head',
        'GET /v1/integrity/verify',
        'POST /v1/integrity/tree-head',
        'POST /v1/admin/api-keys',
        'POST /v1/admin/api-keys/{id}/revoke',
        'POST /v1/admin/projections/{name}/rebuild',
        'POST /v1/goals',
        'POST /v1/goals/{id}/carry-over',
        'POST /v1/goals/{id}/corrections',
        'POST /v1/goals/{id}/revisions',
        'POST /v1/goals/{id}/status',
        'GET /v1/programmes',
        'GET /v1/programmes/{id}',
        'GET /v1/programmes/{id}/evaluation',
        'GET /v1/programmes/{id}/phases/{phaseId}/evaluation',
        'POST /v1/programmes',
        'POST /v1/programmes/{id}/phases',
        'POST /v1/programmes/{id}/phases/{phaseId}/close',
        'POST /v1/programmes/{id}/corrections',
        'GET /v1/municipalities',
        'GET /v1/municipalities/{id}',
        'POST /v1/municipalities',
        'POST /v1/municipalities/{id}/rename',
        'POST /v1/municipalities/{id}/social-spaces',
        'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/rename',
        'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/retire',
        'POST /v1/municipalities/{id}/enrolments',
        'POST /v1/municipalities/{id}/enrolments/{programmeId}/{phaseId}/end',
        'POST /v1/municipalities/{id}/theme-areas',
        'POST /v1/municipalities/{id}/corrections',
        'POST /v1/municipalities/{id}/reviews',
        'GET /v1/municipalities/{id}/reviews',
        'GET /v1/reviews/{id}',
        'POST /v1/reviews/{id}/corrections',
      ].sort(),
    );
  });

  it('gives every endpoint a summary, a tag, a success schema and problem+json errors with examples', () => {
    for (const { route, operation } of operations()) {
      expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
      expect({ route, tags: operation.tags?.length }).toEqual({ route, tags: 1 });
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect({ route, success: success.length }).toEqual({ route, success: 1 });
      // A stream answers in its own media type (the live feed: text/event-stream, exports: text/csv, a bundle: NDJSON), with an example.
      const content = success[0][1].content;
      const media = content?.['application/json'] ?? content?.['text/event-stream'] ?? content?.['text/csv'] ?? content?.['application/x-ndjson'];
      expect({ route, schema: media?.schema !== undefined }).toEqual({ route, schema: true });
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect({ route, errors: errors.length > 0 }).toEqual({ route, errors: true });
      for (const [status, response] of errors) {
        const problem = response.content?.['application/problem+json'];
        expect({ route, status, documented: problem?.schema !== undefined && Object.keys(problem.examples ?? {}).length > 0 }).toEqual({ route, status, documented: true });
      }
    }
  });

  it('documents every parameter with an example or a description', () => {
    for (const { route, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        const documented = [parameter.example, parameter.description, parameter.schema?.example, parameter.schema?.enum].some((d) => d !== undefined);
        expect({ route, parameter: parameter.name, documented }).toEqual({ route, parameter: parameter.name, documented: true });
      }
    }
  });

  it('gives every field of the request bodies an example', () => {
    for (const name of ['FormulateGoalDto', 'ReviseGoalDto', 'ChangeGoalStatusDto']) {
      const properties = spec.components.schemas[name]?.properties ?? {};
      expect(Object.keys(properties).length).toBeGreaterThan(0);
      for (const [field, property] of Object.entries(properties)) {
        expect({ schema: name, field, example: property.example !== undefined }).toEqual({ schema: name, field, example: true });
      }
    }
  });

  it('documents the NDJSON and SSE forms of the event feed with examples', () => {
    const pages = spec.paths['/v1/events'].get.responses['200'].content ?? {};
    const live = spec.paths['/v1/events/live'].get.responses['200'].content ?? {};
    expect(Object.keys(pages).sort()).toEqual(['application/json', 'application/x-ndjson']);
    expect(Object.keys(live)).toEqual(['text/event-stream']);
    for (const media of [pages['application/x-ndjson'], live['text/event-stream']]) {
      expect(typeof (media as { example?: unknown }).example).toBe('string');
    }
  });

  it('documents the write headers', () => {
    const post = spec.paths['/v1/goals/{id}/status'].post;
    expect((post.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name).sort()).toEqual(
      ['Idempotency-Key', 'If-Match', 'X-Correlation-Id'].sort(),
    );
  });
});
