import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ROLES, type Role } from '#domain';
import { generatedSection, replaceGeneratedSection } from '../bench/report.js';
import { CALLERS, FOREIGN_MUNICIPALITY, type Caller } from '../support/access-callers.js';
import { startApp, temporaryDataDir } from '../support/app.js';
import { consoleUrl, WRITE_ORDER } from '../support/console-walkthrough.js';
import { caughtUp, logHead, type Http } from '../support/e2e-http.js';
import { startIdentityProvider, type TestIdentityProvider } from '../support/identity-provider.js';
import { exampleBodies, type Operation, type Spec } from '../support/openapi-examples.js';
import { TEST_ADMIN_HEADERS, TEST_ADMIN_KEY } from '../support/test-admin.js';

/**
 * Every operation of the OpenAPI document (and `GET /metrics`, which it leaves out) against every kind of
 * caller, with the console's own examples. Who may call what comes from ROLE_TABLE below, written by hand
 * from the role definitions of docs/access.md, not from the `x-roles` the guard enforces; the document's `x-roles` must equal
 * it. Each caller walks the console on a store of its own: the writes in the walkthrough's order (so each
 * one finds what it needs and answers exactly as documented), then every other operation. Where the caller
 * is refused, the answer must be the 401 or 403 problem and nothing may be appended; the test admin then
 * does the step, so that the next one finds the same state for every caller. The role matrix in
 * docs/access.md is rendered from the same table (GOAL_LEDGER_WRITE_DOCS=1 writes it).
 */

/** Open to anyone, with or without credentials: the health probes and the Swagger console. */
const PUBLIC = ['GET /health/live', 'GET /health/ready', 'GET /docs', 'GET /docs-json'];

/**
 * Who may call each operation, from the role definitions: `admin` everything, including API keys and the
 * read-model (projection) operations; `coordinator` the writes for every municipality (registries, reviews,
 * goals and their statuses); `municipality_editor` the writes of its own municipality's goals; `evaluator`
 * reads, history, the replay feed, exports, audit and integrity, and no writes. For what the roles leave open
 * (what coordinators and editors read), docs/access.md says: a coordinator reads what an evaluator reads,
 * an editor the goals, their history and the registry and reviews they are written against (not the raw
 * log, exports, audit, evaluations or integrity). Issuing a signed tree head of the log is integrity, not a
 * write: it appends no event.
 */
const EVERY_ROLE: readonly Role[] = ['admin', 'coordinator', 'municipality_editor', 'evaluator'];
const ADMIN: readonly Role[] = ['admin'];
const COORDINATION: readonly Role[] = ['admin', 'coordinator'];
const GOAL_WRITERS: readonly Role[] = ['admin', 'coordinator', 'municipality_editor'];
const EVALUATION: readonly Role[] = ['admin', 'coordinator', 'evaluator'];

const ROLE_TABLE: Readonly<Record<string, readonly Role[]>> = {
  // API keys and the read models: admins only.
  'GET /v1/admin/api-keys': ADMIN,
  'POST /v1/admin/api-keys': ADMIN,
  'POST /v1/admin/api-keys/{id}/revoke': ADMIN,
  'GET /v1/admin/projections': ADMIN,
  'POST /v1/admin/projections/{name}/rebuild': ADMIN,
  'GET /metrics': ADMIN,
  // Registries and reviews: written by coordinators, read by everyone.
  'POST /v1/programmes': COORDINATION,
  'POST /v1/programmes/{id}/phases': COORDINATION,
  'POST /v1/programmes/{id}/phases/{phaseId}/close': COORDINATION,
  'POST /v1/programmes/{id}/corrections': COORDINATION,
  'GET /v1/programmes': EVERY_ROLE,
  'GET /v1/programmes/{id}': EVERY_ROLE,
  'POST /v1/municipalities': COORDINATION,
  'POST /v1/municipalities/{id}/rename': COORDINATION,
  'POST /v1/municipalities/{id}/social-spaces': COORDINATION,
  'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/rename': COORDINATION,
  'POST /v1/municipalities/{id}/social-spaces/{socialSpaceId}/retire': COORDINATION,
  'POST /v1/municipalities/{id}/enrolments': COORDINATION,
  'POST /v1/municipalities/{id}/enrolments/{programmeId}/{phaseId}/end': COORDINATION,
  'POST /v1/municipalities/{id}/theme-areas': COORDINATION,
  'POST /v1/municipalities/{id}/corrections': COORDINATION,
  'GET /v1/municipalities': EVERY_ROLE,
  'GET /v1/municipalities/{id}': EVERY_ROLE,
  'POST /v1/municipalities/{id}/reviews': COORDINATION,
  'POST /v1/reviews/{id}/corrections': COORDINATION,
  'GET /v1/municipalities/{id}/reviews': EVERY_ROLE,
  'GET /v1/reviews/{id}': EVERY_ROLE,
  // Goals: written by coordinators and by the editors of the goal's municipality, read by everyone.
  'POST /v1/goals': GOAL_WRITERS,
  'POST /v1/goals/{id}/revisions': GOAL_WRITERS,
  'POST /v1/goals/{id}/status': GOAL_WRITERS,
  'POST /v1/goals/{id}/corrections': GOAL_WRITERS,
  'POST /v1/goals/{id}/carry-over': GOAL_WRITERS,
  'GET /v1/goals': EVERY_ROLE,
  'GET /v1/goals/{id}': EVERY_ROLE,
  'GET /v1/goals/{id}/history': EVERY_ROLE,
  // What evaluators read: the replay feed, evaluations, exports, the audit log and integrity.
  'GET /v1/events': EVALUATION,
  'GET /v1/events/live': EVALUATION,
  'GET /v1/programmes/{id}/evaluation': EVALUATION,
  'GET /v1/programmes/{id}/phases/{phaseId}/evaluation': EVALUATION,
  'GET /v1/exports/goals.csv': EVALUATION,
  'GET /v1/exports/goal-history.csv': EVALUATION,
  'GET /v1/exports/reviews.csv': EVALUATION,
  'GET /v1/audit': EVALUATION,
  'GET /v1/integrity/tree-head': EVALUATION,
  'POST /v1/integrity/tree-head': EVALUATION,
  'GET /v1/integrity/public-key': EVALUATION,
  'GET /v1/integrity/proofs/inclusion': EVALUATION,
  'GET /v1/integrity/proofs/consistency': EVALUATION,
  'GET /v1/integrity/verify': EVALUATION,
  'GET /v1/integrity/bundle': EVALUATION,
};

/** Operations the API serves that the OpenAPI document leaves out, walked all the same. */
const METRICS: Operation & { responses: Record<string, unknown> } = { responses: { '200': { description: 'The Prometheus text exposition' } } };
const UNDOCUMENTED: readonly Step[] = [{ route: 'GET /metrics', method: 'GET', operation: METRICS }];

/** Who may call an operation by the table; an operation missing from it fails the test that compares both. */
function mayCall(route: string): readonly Role[] {
  const roles = ROLE_TABLE[route];
  if (!roles) throw new Error(`${route} is not in ROLE_TABLE: say there who may call it`);
  return roles;
}

interface Step {
  readonly route: string;
  readonly method: string;
  readonly operation: Operation;
  readonly body?: unknown;
}

/** The walkthrough's writes, once per example body, then every other operation in the document's order. */
function stepsOf(spec: Spec): Step[] {
  const writes = WRITE_ORDER.flatMap((route) => {
    const [method, template] = route.split(' ');
    const operation = spec.paths[template]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${route} of the walkthrough is not in the OpenAPI document`);
    return exampleBodies(spec, operation).map((body) => ({ route, method, operation, body }));
  });
  const others = Object.entries(spec.paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method !== 'post')
      .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), operation })),
  );
  return [...writes, ...others];
}

/** What the operation answers to a caller it lets through: the success status it documents first. */
function answerOf({ operation }: Step): string {
  const { responses = {} } = operation as Operation & { responses?: Record<string, unknown> };
  return Object.keys(responses).filter((status) => status.startsWith('2')).sort()[0] ?? 'no success documented';
}

/** What a caller must get: 401 without valid credentials, 403 outside its roles or municipality, else the operation's answer. */
function expectedOf(caller: Caller, step: Step): string {
  if (!caller.identity) return '401 unauthenticated';
  if (!mayCall(step.route).includes(caller.identity.role)) return '403 forbidden';
  // The console's examples write to Kreis Warendorf: the command path refuses another municipality's editor.
  // Reads are not scoped to a municipality (docs/access.md), so that editor reads what any editor reads.
  if (caller.identity.municipalityId === FOREIGN_MUNICIPALITY && step.method === 'POST') return '403 forbidden';
  return answerOf(step);
}

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
}

/** One request; an event stream is not read beyond its head (the live feed never ends). */
function send(base: string, method: string, path: string, credential: string | undefined, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(credential === undefined ? {} : { authorization: `Bearer ${credential}` }) };
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${base}${path}`, { method, headers }, (response) => {
      const { statusCode: status = 0, headers: answerHeaders } = response;
      if (String(answerHeaders['content-type']).startsWith('text/event-stream')) {
        response.destroy();
        return resolve({ status, headers: answerHeaders });
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status, headers: answerHeaders, body: /^application\/(problem\+)?json/.test(String(answerHeaders['content-type'])) ? JSON.parse(text) : text });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    call.on('error', (error) => (call.destroyed ? undefined : reject(error)));
    call.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** An answer as the matrix compares it: the status, and for a refusal the problem type (and a 401's challenge). */
function outcomeOf({ status, headers, body }: Answer): string {
  if (status < 300) return String(status);
  if (!String(headers['content-type']).startsWith('application/problem+json')) return `${status}, not a problem document`;
  const kind = String((body as { type?: string }).type).replace('urn:goal-ledger:problem:', '');
  return status === 401 && !String(headers['www-authenticate']).startsWith('Bearer') ? `${status} ${kind} without WWW-Authenticate: Bearer` : `${status} ${kind}`;
}

let provider: TestIdentityProvider;
let spec: Spec;

beforeAll(async () => {
  provider = await startIdentityProvider();
  const data = temporaryDataDir();
  const app = await startApp({ dataDir: data.path }, { registry: false });
  spec = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as Spec;
  await app.close();
  data.remove();
});

afterAll(() => provider?.close());

/** The caller's walk through the console on a store of its own: what it got, and what it should have got. */
async function walk(caller: Caller): Promise<{ got: string[]; wanted: string[] }> {
  const data = temporaryDataDir();
  const app = await startApp({ dataDir: data.path, oidc: provider.config }, { registry: false, asAdmin: false });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const admin: Http = () => request.agent(app.getHttpServer()).set(TEST_ADMIN_HEADERS);
    const credential = await caller.credential({ admin, provider });
    const got: string[] = [];
    const wanted: string[] = [];
    const answered = new Map<string, Record<string, unknown>>();
    for (const step of [...stepsOf(spec), ...UNDOCUMENTED]) {
      const path = consoleUrl(step.route, step.operation, answered);
      const expected = expectedOf(caller, step);
      const refused = /^40[13] /.test(expected);
      // A review's proposed statuses are written after its answer: wait for them, so that every step finds the
      // same state and none of them is taken for something the caller appended.
      await caughtUp(admin);
      const before = refused ? await logHead(admin) : 0;
      const answer = await send(base, step.method, path, credential, step.body);
      const appended = refused ? (await logHead(admin)) - before : 0;
      got.push(`${step.route}: ${outcomeOf(answer)}${appended === 0 ? '' : `, appended ${appended}`}`);
      wanted.push(`${step.route}: ${expected}`);
      if (answer.status < 300) answered.set(step.route, answer.body as Record<string, unknown>);
      if (refused && step.method === 'POST') {
        const done = await send(base, step.method, path, TEST_ADMIN_KEY, step.body);
        if (done.status < 300) answered.set(step.route, done.body as Record<string, unknown>);
        got.push(`${step.route} then as the admin: ${outcomeOf(done)}`);
        wanted.push(`${step.route} then as the admin: ${answerOf(step)}`);
      }
    }
    for (const route of PUBLIC) {
      got.push(`${route}: ${outcomeOf(await send(base, 'GET', route.slice('GET '.length), credential))}`);
      wanted.push(`${route}: 200`);
    }
    return { got, wanted };
  } finally {
    await app.close();
    data.remove();
  }
}

/** The role matrix of docs/access.md: one row per operation of the table, a column per role. */
function matrix(): string {
  const rows = Object.entries(ROLE_TABLE)
    .map(([route, roles]) => ({ route, roles }))
    .sort((a, b) => a.route.localeCompare(b.route));
  return [`| operation | ${ROLES.map((role) => `\`${role}\``).join(' | ')} |`, `| --- |${ROLES.map(() => ' :-: |').join('')}`, ...rows.map(({ route, roles }) => `| \`${route}\` | ${ROLES.map((role) => (roles.includes(role) ? '✓' : '–')).join(' | ')} |`)].join('\n');
}

describe('the access matrix', () => {
  it('walks every operation of the OpenAPI document', () => {
    const documented = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect([...new Set(stepsOf(spec).map((step) => step.route))].sort()).toEqual(documented.sort());
  });

  it('documents in x-roles exactly the roles of the hand-written table, for every operation and no other', () => {
    const documented = Object.fromEntries(
      Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, [...(operation['x-roles'] ?? ['(none)'])].sort()])),
    );
    const undocumented = new Set(UNDOCUMENTED.map((step) => step.route));
    const table = Object.fromEntries(Object.entries(ROLE_TABLE).filter(([route]) => !undocumented.has(route)).map(([route, roles]) => [route, [...roles].sort()]));
    expect(documented).toEqual(table);
    // The table itself says what the issue says of admins: everything.
    expect(Object.entries(ROLE_TABLE).filter(([, roles]) => !roles.includes('admin'))).toEqual([]);
  });

  it.each(CALLERS.map((caller) => [caller.name, caller] as const))('%s: every operation answers as its roles say, and a refused request appends nothing', async (_name, caller) => {
    const { got, wanted } = await walk(caller);
    expect(got).toEqual(wanted);
  }, 60_000);

  it('is shown in docs/access.md as the table says', () => {
    const file = new URL('../../docs/access.md', import.meta.url);
    const markdown = readFileSync(file, 'utf8');
    if (process.env.GOAL_LEDGER_WRITE_DOCS === '1') writeFileSync(file, replaceGeneratedSection(markdown, 'role-matrix', matrix()));
    expect(generatedSection(readFileSync(file, 'utf8'), 'role-matrix')).toBe(matrix());
  });
});
