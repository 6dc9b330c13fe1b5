import { isProblemJson, type Http, type ProblemBody } from './e2e-http.js';

/**
 * Hostile inputs for the "no input produces a 500" battery: raw request bodies, headers, path ids and
 * query strings. Bodies are raw text, so values JSON.stringify cannot produce (1e400) are covered too.
 */

export interface HostileRequest {
  readonly label: string;
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body text, sent as is. */
  readonly body?: string;
}

/** One test of the battery: a family of requests that must all be answered without a 5xx. */
export interface HostileGroup {
  readonly name: string;
  readonly requests: readonly HostileRequest[];
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const b64 = (text: string): string => Buffer.from(text).toString('base64url');
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Raw JSON values of every wrong type, size and encoding, as they would appear in a body. */
export const HOSTILE_VALUES: readonly string[] = [
  '42', '-1', '1.5', '-0', '1e400', '-1e400', 'true', 'false', 'null', '[]', '["x"]', '[null]', '{}', '{"$gt":""}',
  '{"__proto__":{"polluted":true}}', '""', '"   "', JSON.stringify('x'.repeat(100_000)), JSON.stringify('\u0000'),
  JSON.stringify('🙂'.repeat(2_000)), '"\\ud800"', '"\\udfff\\ud800"', JSON.stringify('Zürich \u202e Milte'),
  JSON.stringify('<script>alert(1)</script>'), JSON.stringify("'; DROP TABLE events; --"), '"2013-02-29"',
  '"9999-12-31T23:59:59+14:00"', '"0000-01-01"', '"2013-04-17T24:00:00Z"', '"-271821-04-20"', nested(5_000),
];

/** A valid body with `field` replaced by each hostile value in turn. */
function fieldVariants(valid: Readonly<Record<string, unknown>>, field: string): { label: string; body: string }[] {
  const template = JSON.stringify({ ...valid, [field]: 'hostile-value-marker' });
  return HOSTILE_VALUES.map((value) => ({
    label: `${field}: ${value.length > 40 ? `${value.slice(0, 30)}… (${value.length} chars)` : value}`,
    body: template.replace('"hostile-value-marker"', () => value),
  }));
}

export const WHOLE_BODIES: readonly string[] = [
  '', '[]', '[{}]', 'null', '42', '"x"', 'true', '{', '{}}', '{"a":1,"a":2}', '\ufeff{}', '{"__proto__":{}}',
  '{"constructor":{"prototype":{"polluted":true}}}', '{"\\ud800":1}', `{"deep":${nested(20_000)}}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, JSON.stringify({ title: 'x'.repeat(300_000) }), '{"a":1e400}',
];

const CONTENT_TYPES: readonly string[] = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
  'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=bogus',
  'application/merge-patch+json', 'application/json, text/plain', '',
];

const HEADER_VALUES: Readonly<Record<string, readonly string[]>> = {
  Authorization: ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(9_000)}`, 'Bearer a.b.c', 'Bearer J\u00fcrgen'],
  'If-Match': ['', '*', 'W/"0"', '"-1"', '"1e3"', '"99999999999999999999"', '"0", "1"', 'abc', '"'],
  'Idempotency-Key': ['', ' ', 'x'.repeat(256), 'k\u00e4y'],
  'X-Correlation-Id': ['x'.repeat(1_000), '', 'a b'],
  'Content-Encoding': ['gzip', 'deflate', 'br', 'bogus'],
};

export const PATH_IDS: readonly string[] = [
  '%FF', '..', '.', '%2E%2E', '%00', '%20', 'a'.repeat(65), '__proto__', 'constructor', '12345', '-x', 'a%2Fb',
  '%C3%BC', 'x%0Ay', '%E2%80%AE', '..%2F..%2Fetc',
];

const LIST_QUERIES: readonly string[] = [
  'limit=0', 'limit=abc', 'limit=10000', 'limit=-1', 'limit=1.5', 'limit=', 'limit[]=1', 'limit=1&limit=2',
  'limit=1e400', 'cursor=garbage', 'cursor=%FF', 'cursor=', `cursor=${b64('not json')}`, `cursor=${b64('{"after":5}')}`,
  `cursor=${b64('{"after":{}}')}`, `cursor=${b64('null')}`, `cursor=${b64('"x"')}`, `cursor=${b64('{"__proto__":{"after":"x"}}')}`,
  'cursor=a&cursor=b', 'status=bogus', 'status=', 'municipalityId=a%20b', 'municipalityId=a&municipalityId=b',
  'phaseId[$gt]=', 'foo=1', '__proto__=x', 'constructor=x', `themeArea=${'x'.repeat(5_000)}`, 'municipalityId=%FF',
];

const HISTORY_QUERIES: readonly string[] = [
  'limit=0', 'limit=abc', 'limit=10000', 'limit=-5', 'limit=', 'cursor=garbage', 'cursor=%FF',
  `cursor=${b64('{"after":"-1"}')}`, `cursor=${b64('{"after":"99999999999999999999"}')}`, `cursor=${b64('{"after":"1e3"}')}`,
  `cursor=${b64('{"after":5}')}`, 'foo=1', 'asOf=yesterday',
];

/** Every group of the battery, aimed at the endpoints of a goal that exists (`goalId`). */
export function hostileGroups(goalId: string): HostileGroup[] {
  const formulate = { municipalityId: 'kreis-dueren', phaseId: 'model', themeArea: 'fruehe-hilfen', title: 'Frühe Hilfen', occurredAt: '2012-11-01' };
  const revise = { title: 'Frühe Hilfen im Sozialraum', description: 'd', targetDate: '2016-12-31', reason: 'Quartalsgespräch', occurredAt: '2013-01-01' };
  const status = { status: 'in_progress', reason: 'Quartalsgespräch', occurredAt: '2013-01-01' };
  const writes = [
    { path: '/v1/goals', valid: formulate, fields: ['id', ...Object.keys(formulate), 'description', 'targetDate', 'source'] },
    { path: `/v1/goals/${goalId}/revisions`, valid: revise, fields: Object.keys(revise) },
    { path: `/v1/goals/${goalId}/status`, valid: status, fields: Object.keys(status) },
  ];
  const post = (path: string, label: string, body?: string, headers: Record<string, string> = JSON_TYPE): HostileRequest => ({
    label, method: 'post', path, body, headers,
  });
  const groups: HostileGroup[] = [];
  for (const { path, valid, fields } of writes) {
    for (const field of fields) {
      groups.push({
        name: `POST ${path.replace(goalId, '{id}')} with every wrong value for ${field}`,
        requests: fieldVariants(valid, field).map(({ label, body }) => post(path, label, body)),
      });
    }
    const name = `POST ${path.replace(goalId, '{id}')}`;
    groups.push({ name: `${name} with hostile whole bodies`, requests: WHOLE_BODIES.map((body) => post(path, body.length > 40 ? `${body.slice(0, 30)}… (${body.length} chars)` : body, body)) });
    groups.push({
      name: `${name} with every content type`,
      requests: CONTENT_TYPES.map((type) => post(path, type, JSON.stringify(valid), { 'Content-Type': type })),
    });
    groups.push({
      name: `${name} with bad header values`,
      requests: Object.entries(HEADER_VALUES).flatMap(([header, values]) =>
        values.map((value) => post(path, `${header}: ${value.slice(0, 40)}`, JSON.stringify(valid), { ...JSON_TYPE, [header]: value })),
      ),
    });
  }
  groups.push({
    name: 'every goal endpoint with hostile path ids',
    requests: PATH_IDS.flatMap((id) => [
      { label: `GET ${id}`, method: 'get' as const, path: `/v1/goals/${id}` },
      { label: `GET ${id}/history`, method: 'get' as const, path: `/v1/goals/${id}/history` },
      post(`/v1/goals/${id}/revisions`, `revise ${id}`, JSON.stringify(revise)),
      post(`/v1/goals/${id}/status`, `status ${id}`, JSON.stringify(status)),
      post(`/v1/admin/projections/${id}/rebuild`, `rebuild ${id}`),
    ]),
  });
  groups.push({
    name: 'GET /v1/goals with hostile query strings',
    requests: LIST_QUERIES.map((query) => ({ label: query.slice(0, 60), method: 'get', path: `/v1/goals?${query}` })),
  });
  groups.push({
    name: 'GET /v1/goals/{id}/history with hostile query strings',
    requests: HISTORY_QUERIES.map((query) => ({ label: query, method: 'get', path: `/v1/goals/${goalId}/history?${query}` })),
  });
  groups.push({
    name: 'GET /v1/goals/{id} and the admin endpoints with stray query strings and headers',
    requests: [
      { label: 'goal ?foo', method: 'get', path: `/v1/goals/${goalId}?foo=1&asOf=x` },
      { label: 'goal If-None-Match', method: 'get', path: `/v1/goals/${goalId}`, headers: { 'If-None-Match': '"' } },
      { label: 'projections ?foo', method: 'get', path: '/v1/admin/projections?foo=1' },
      post('/v1/admin/projections/no-such-read-model/rebuild', 'rebuild with a body', '{"x":1e400}'),
    ],
  });
  return groups;
}

/** Sends one hostile request; describes the answer when it is a 5xx or a 4xx that is not a problem document. */
export async function unacceptableAnswer(http: Http, hostile: HostileRequest): Promise<string | undefined> {
  let call = hostile.method === 'get' ? http().get(hostile.path) : http().post(hostile.path);
  for (const [header, value] of Object.entries(hostile.headers ?? {})) call = call.set(header, value);
  const response = hostile.body === undefined ? await call : await call.send(hostile.body);
  const problem = response.body as Partial<ProblemBody>;
  const wellFormed =
    response.status < 400 ||
    (isProblemJson(response) && /^urn:goal-ledger:problem:[a-z-]+$/.test(String(problem.type)) && problem.status === response.status);
  return response.status < 500 && wellFormed ? undefined : `${hostile.label} → ${response.status} ${String(problem.type ?? response.headers['content-type'])}`;
}
