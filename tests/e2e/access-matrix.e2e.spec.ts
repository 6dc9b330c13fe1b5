import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { generatedSection, replaceGeneratedSection } from '../bench/report.js';
import { startApp, temporaryDataDir } from '../support/app.js';
import { goalBody } from '../support/e2e-http.js';
import { exampleBodies, examplePath, type Spec } from '../support/openapi-examples.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

/**
 * Every endpoint of the OpenAPI document against every kind of caller, with the console's own examples:
 * who gets through, who gets 401 or 403, and that nothing is appended for those refused. The role matrix in
 * docs/access.md is rendered from the same document (GOAL_LEDGER_WRITE_DOCS=1 writes it).
 */
const ROLES = ['admin', 'coordinator', 'municipality_editor', 'evaluator'] as const;
type Role = (typeof ROLES)[number];


/** The callers: a key per role, an editor of another municipality, and credentials that must not work. */
type Caller = Role | 'foreign municipality_editor' | 'revoked key' | 'expired key' | 'forged key' | 'no credentials';
const REFUSED: readonly Caller[] = ['revoked key', 'expired key', 'forged key', 'no credentials'];
const CALLERS: readonly Caller[] = [...ROLES, 'foreign municipality_editor', ...REFUSED];

const data = temporaryDataDir();
let app: INestApplication;
let base = '';
let spec: Spec;
const keys = new Map<Caller, string>();

/** Status of one request; the answer is not waited for beyond its head (the live feed never ends). */
function statusOf(method: string, path: string, caller: Caller, body?: unknown): Promise<number> {
  const key = keys.get(caller);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${base}${path}`, { method, headers }, (response) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    call.on('error', (error) => (call.destroyed ? undefined : reject(error)));
    call.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function asAdmin(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...TEST_ADMIN_HEADERS }, body: body && JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

const logHead = async () => Math.max(0, ...((await asAdmin('GET', '/v1/admin/projections')) as unknown as { checkpoint: number; lag: number }[]).map((s) => s.checkpoint + s.lag));

function requestsOf(): { route: string; method: string; path: string; body: unknown; roles: readonly Role[] }[] {
  return Object.entries(spec.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const [body] = exampleBodies(spec, operation);
      const roles = (operation['x-roles'] ?? ['admin']) as Role[];
      return { route: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), path: examplePath(template, operation), body, roles };
    }),
  );
}

/** What a caller gets: 401 without valid credentials, 403 outside its roles or municipality, else through. */
function expected(caller: Caller, method: string, roles: readonly Role[]): 'unauthenticated' | 'forbidden' | 'through' {
  if (REFUSED.includes(caller)) return 'unauthenticated';
  const role: Role = caller === 'foreign municipality_editor' ? 'municipality_editor' : (caller as Role);
  if (!roles.includes(role)) return 'forbidden';
  // The console's examples write to Kreis Warendorf: the command path refuses another municipality's editor.
  return caller === 'foreign municipality_editor' && method === 'POST' ? 'forbidden' : 'through';
}

const outcomeOf = (status: number) => (status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status >= 500 ? `server error ${status}` : 'through');

/** The role matrix of docs/access.md: one row per operation, a column per role. */
function matrix(): string {
  const rows = Object.entries(spec.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, roles: (operation['x-roles'] ?? ['admin']) as Role[] })))
    .sort((a, b) => a.route.localeCompare(b.route));
  return [`| operation | ${ROLES.map((role) => `\`${role}\``).join(' | ')} |`, `| --- |${ROLES.map(() => ' :-: |').join('')}`, ...rows.map(({ route, roles }) => `| \`${route}\` | ${ROLES.map((role) => (roles.includes(role) ? '✓' : '–')).join(' | ')} |`)].join('\n');
}

beforeAll(async () => {
  app = await startApp({ dataDir: data.path }, { asAdmin: false });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  spec = (await (await fetch(`${base}/docs-json`)).json()) as Spec;
  const issue = async (name: string, role: Role, extra: object = {}) => (await asAdmin('POST', '/v1/admin/api-keys', { name, role, ...extra })) as { id: string; key: string };
  for (const role of ROLES) keys.set(role, (await issue(`matrix ${role}`, role, role === 'municipality_editor' ? { municipalityId: 'kreis-warendorf' } : {})).key);
  keys.set('foreign municipality_editor', (await issue('matrix foreign editor', 'municipality_editor', { municipalityId: 'kreis-dueren' })).key);
  const revoked = await issue('matrix revoked', 'admin');
  await asAdmin('POST', `/v1/admin/api-keys/${revoked.id}/revoke`, { reason: 'Mitarbeiter ausgeschieden' });
  keys.set('revoked key', revoked.key);
  keys.set('expired key', (await issue('matrix expired', 'admin', { expiresAt: new Date(Date.now() + 1500).toISOString() })).key);
  keys.set('forged key', 'glk_forged-key-that-nobody-issued-000000000');
  // The goal the console's examples address, in Kreis Warendorf.
  await asAdmin('POST', '/v1/goals', goalBody({ id: 'warendorf-netzwerk-muessingen', socialSpaceIds: undefined } as never));
  await new Promise((resolve) => setTimeout(resolve, 1600));
}, 60_000);

afterAll(async () => {
  await app?.close();
  data.remove();
});

describe('the access matrix', () => {
  it.each(CALLERS)('%s: every endpoint answers as its roles say, and a refused request appends nothing', async (caller) => {
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const { route, method, path, body, roles } of requestsOf()) {
      const expectation = expected(caller, method, roles);
      const before = expectation === 'through' ? 0 : await logHead();
      const status = await statusOf(method, path, caller, body);
      const appended = expectation === 'through' ? 0 : (await logHead()) - before;
      outcomes.push(`${route}: ${outcomeOf(status)}${appended > 0 ? `, appended ${appended}` : ''}`);
      wanted.push(`${route}: ${expectation}`);
    }
    expect(outcomes).toEqual(wanted);
  }, 120_000);

  it('is shown in docs/access.md as the OpenAPI document says', () => {
    const file = new URL('../../docs/access.md', import.meta.url);
    const markdown = readFileSync(file, 'utf8');
    if (process.env.GOAL_LEDGER_WRITE_DOCS === '1') writeFileSync(file, replaceGeneratedSection(markdown, 'role-matrix', matrix()));
    expect(generatedSection(readFileSync(file, 'utf8'), 'role-matrix')).toBe(matrix());
  });
});
