import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { appPerSuite } from '../support/app.js';
import { isProblemJson, logHead, type ProblemBody } from '../support/e2e-http.js';

/**
 * Property-based fuzzing of every write endpoint the OpenAPI document lists (so a new endpoint is fuzzed
 * without touching this file): bodies of random shape, with the endpoint's own field names, random ones and
 * keys that collide with JavaScript object internals at any depth, are answered with a 4xx problem
 * document, never a 5xx; a colliding key is named as the offending field.
 */
interface WriteOperation {
  readonly path: string;
  readonly fields: readonly string[];
}

const GUARDED = ['__proto__', 'constructor', 'prototype'];
const RUNS_PER_ENDPOINT = 40;
/** Some thousand requests: far more than the default 30 s on a busy machine. */
const FUZZ_TIMEOUT_MS = 300_000;
const { http } = appPerSuite();
let writes: WriteOperation[] = [];

beforeAll(async () => {
  const spec = (await http().get('/docs-json').expect(200)).body as OpenApi;
  writes = Object.entries(spec.paths).flatMap(([path, methods]) => {
    const post = methods.post;
    if (!post?.requestBody) return [];
    const ref = String(post.requestBody.content['application/json']?.schema?.$ref ?? '');
    const schema = spec.components.schemas[ref.split('/').pop() ?? ''];
    const example = (name: string) => String(post.parameters?.find((p) => p.name === name)?.example ?? 'x');
    return [{ path: path.replace(/\{(\w+)\}/g, (_, name: string) => example(name)), fields: Object.keys(schema?.properties ?? {}) }];
  });
});

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; example?: unknown }[]; requestBody?: { content: Record<string, { schema?: { $ref?: string } }> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** Stands for a number beyond double range (`1e400`, which JSON.parse reads as Infinity) in the sent text. */
const HUGE = '\u0000huge';
const jsonText = (body: unknown) => JSON.stringify(body).replaceAll('"\\u0000huge"', '1e400');

/** A JSON object whose keys are drawn from the endpoint's fields, the colliding keys and random text, nested a few levels. */
function bodies(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(fc.constantFrom(...fields, ...GUARDED), fc.string({ maxLength: 8 }));
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(
        fc.string({ maxLength: 20 }),
        // Lone surrogates and numbers beyond double range: valid JSON text that RFC 8785 cannot express.
        fc.string({ unit: 'binary', maxLength: 4 }),
        fc.constant(HUGE),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  }));
  return fc.dictionary(key, node, { maxKeys: 8 });
}

/** `a.0.__proto__` for every colliding key, at any depth. */
function guardedPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) =>
    GUARDED.includes(key) ? [`body:${prefix}${key}`] : guardedPaths((value as Record<string, unknown>)[key], `${prefix}${key}.`),
  );
}

describe('fuzzing every write endpoint', () => {
  it('finds the write endpoints in the OpenAPI document', () => {
    expect(writes.length).toBeGreaterThanOrEqual(20);
  });

  it('answers random bodies, with and without an Idempotency-Key, with a problem document, never a 5xx, naming the fields of every 400 and every colliding key', async () => {
    const head = await logHead(http);
    for (const { path, fields } of writes) {
      await fc.assert(
        // With an Idempotency-Key the body's canonical form is fingerprinted as well.
        fc.asyncProperty(bodies(fields), fc.option(fc.uuid()), async (body, idempotencyKey) => {
          const request = http().post(path).set('Content-Type', 'application/json');
          if (idempotencyKey !== null) request.set('Idempotency-Key', idempotencyKey);
          const response = await request.send(jsonText(body));
          const problem = response.body as ProblemBody;
          expect({ path, status: response.status < 500, problem: response.status < 400 || (isProblemJson(response) && problem.status === response.status) }).toEqual({
            path,
            status: true,
            problem: true,
          });
          // A malformed body is refused naming what is wrong with it, field by field.
          if (response.status === 400) expect({ path, body, named: (problem.errors ?? []).filter((error) => error.field !== undefined).length > 0 }).toEqual({ path, body, named: true });
          const guarded = guardedPaths(body);
          if (guarded.length > 0) {
            expect(response.status).toBe(400);
            const named = (problem.errors ?? []).map((error) => `${error.location}:${error.field}`);
            expect(named).toEqual(expect.arrayContaining(guarded));
          }
        }),
        { numRuns: RUNS_PER_ENDPOINT },
      );
    }
    // Random bodies are refused; should one ever be valid, it would have to be written — so count only refusals.
    expect(await logHead(http)).toBe(head);
  }, FUZZ_TIMEOUT_MS);

  it('refuses a correction whose changes RFC 8785 cannot express alike with and without an Idempotency-Key', async () => {
    const head = await logHead(http);
    for (const changes of ['{"title":"\\ud800"}', '{"\\ud800":"a"}', '{"title":1e400}']) {
      const body = `{"revision":0,"reason":"Tippfehler","changes":${changes}}`;
      const send = (key?: string) => {
        const request = http().post('/v1/goals/no-such-goal/corrections').set('Content-Type', 'application/json');
        return (key ? request.set('Idempotency-Key', key) : request).send(body);
      };
      const [plain, keyed] = [await send(), await send('fuzz-correction')];
      expect({ changes, status: keyed.status, type: (keyed.body as ProblemBody).type }).toEqual({ changes, status: plain.status, type: (plain.body as ProblemBody).type });
      expect(keyed.status).toBeLessThan(500);
    }
    expect(await logHead(http)).toBe(head);
  });
});
