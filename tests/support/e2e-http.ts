import { expect } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import { v4 as uuid } from 'uuid';
import { problemType } from '../../apps/api/src/problems/problem-types.js';
import { registerTestMunicipality, registerTestRegistry, TEST_PROGRAMME, type Post, type TestProgramme } from './test-registry.js';

/** A supertest agent on the app's HTTP server, fresh per call (supertest agents are single-use per request). */
export type Http = () => ReturnType<typeof request>;

export const httpOf = (app: () => INestApplication): Http => () => request(app().getHttpServer());

export interface FormulateBody {
  id?: string;
  programmeId: string;
  municipalityId: string;
  phaseId: string;
  themeArea: string;
  title: string;
  description?: string;
  targetDate?: string;
  source?: string;
  occurredAt: string;
}

/** A valid formulation with a goal id of its own. */
export function goalBody(overrides: Partial<FormulateBody> = {}): FormulateBody & { id: string } {
  return {
    programmeId: 'kekiz',
    municipalityId: 'kreis-warendorf',
    phaseId: 'model',
    themeArea: 'bildungsnetzwerk-muessingen-einen-milte',
    title: 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte',
    description: 'Kitas, Schulen und Beratungsstellen arbeiten zusammen',
    targetDate: '2015-09-30',
    source: 'Zielkonkretisierungs-Workshop Herbst 2012',
    occurredAt: '2012-10-15',
    ...overrides,
    id: overrides.id ?? `goal-${uuid()}`,
  };
}

export interface FieldErrorBody {
  location: string;
  field: string;
  messages: string[];
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldErrorBody[];
  [extension: string]: unknown;
}

export interface WriteBody {
  id: string;
  revision: number;
  position: number;
}

export interface GoalBody {
  id: string;
  municipalityId: string;
  phaseId: string;
  themeArea: string;
  title: string;
  description: string;
  targetDate: string | null;
  source: string | null;
  status: string;
  formulatedAt: string;
  latestOccurredAt: string;
  updatedAt: string;
  revision: number;
  position: number;
}

/** The point of view a read answers for: world time, system time, and the log position they reflect. */
export interface PointOfViewBody {
  asOf: string;
  knownAt: string;
  logPosition: number;
}

export interface GoalPageBody extends PointOfViewBody {
  items: GoalBody[];
  nextCursor: string | null;
}

export interface HistoryEntryBody {
  eventId: string;
  type: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
  reason: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface HistoryPageBody extends PointOfViewBody {
  goalId: string;
  items: HistoryEntryBody[];
  nextCursor: string | null;
}

export const isProblemJson = (response: Response): boolean =>
  /^application\/problem\+json\b/.test(String(response.headers['content-type'] ?? ''));

/** Asserts an RFC 9457 answer of the given kind and returns its body. */
export function expectProblem(response: Response, status: number, kind: string): ProblemBody {
  const body = response.body as ProblemBody;
  expect({ status: response.status, type: body.type }).toEqual({ status, type: problemType(kind) });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(body.status).toBe(status);
  return body;
}

/** The offending inputs a validation problem names, as `location:field`, sorted. */
export function offending(response: Response): string[] {
  const body = expectProblem(response, 400, 'validation-failed');
  expect(Array.isArray(body.errors)).toBe(true);
  return (body.errors ?? []).map((error) => `${error.location}:${error.field}`).sort();
}

interface ProjectionStatusBody {
  name: string;
  checkpoint: number;
  lag: number;
}

/** The global position of the head of the event log (checkpoint plus lag of any read model). */
export async function logHead(http: Http): Promise<number> {
  const response = await http().get('/v1/admin/projections').expect(200);
  const statuses = response.body as ProjectionStatusBody[];
  return Math.max(0, ...statuses.map((status) => status.checkpoint + status.lag));
}

/** Polls until every read model has caught up with the log; fails after `timeoutMs`. */
export async function caughtUp(http: Http, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = (await http().get('/v1/admin/projections').expect(200)).body as ProjectionStatusBody[];
    if (statuses.every((status) => status.lag === 0)) return;
    if (Date.now() > deadline) throw new Error(`read models did not catch up: ${JSON.stringify(statuses)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A goal's own fields, without the point of view (asOf, knownAt, logPosition) its GET names beside them. */
export function goalFields(body: GoalBody): GoalBody {
  const { asOf: _asOf, knownAt: _knownAt, logPosition: _logPosition, ...fields } = body as GoalBody & { asOf?: string; knownAt?: string; logPosition?: number };
  return fields;
}

/** GET /v1/goals/{id}: the goal's own fields as of now (see goalFields). */
export async function goalOf(http: Http, goalId: string): Promise<GoalBody> {
  return goalFields((await http().get(`/v1/goals/${goalId}`).expect(200)).body as GoalBody);
}

/** A goal's history (up to 500 entries), read once the read models hold `minPosition` when it is given. */
export async function historyOf(http: Http, goalId: string, minPosition?: number): Promise<HistoryEntryBody[]> {
  const atLeast = minPosition === undefined ? '' : `&minPosition=${minPosition}`;
  return ((await http().get(`/v1/goals/${goalId}/history?limit=500${atLeast}`).expect(200)).body as HistoryPageBody).items;
}

/** Every goal a filtered list yields, following nextCursor to the last page. */
export async function listAll(http: Http, query: Record<string, string>, limit = 200): Promise<GoalBody[]> {
  const items: GoalBody[] = [];
  let cursor: string | null = null;
  do {
    const page: GoalPageBody = (
      await http()
        .get('/v1/goals')
        .query({ ...query, limit: String(limit), ...(cursor === null ? {} : { cursor }) })
        .expect(200)
    ).body as GoalPageBody;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

/** Posts through supertest, for the test registry helpers. */
export const postWith =
  (http: Http): Post =>
  async (path, body, headers) => {
    const response = await http().post(path).set(headers).send(body);
    return { status: response.status, body: response.body as unknown };
  };

/** A municipality of the test's own (`{prefix}-{random}`), enrolled in both phases with the tests' theme areas. */
export async function enrolledMunicipality(http: Http, prefix = 'kreis', ids: TestProgramme = TEST_PROGRAMME): Promise<string> {
  const id = `${prefix}-${uuid().slice(0, 8)}`;
  await registerTestMunicipality(postWith(http), id, ids);
  return id;
}

/** A programme with model and roll-out phases of the test's own ids, and municipalities enrolled in them. */
export async function programmeOfOwn(http: Http, municipalities: readonly string[]): Promise<TestProgramme> {
  const suffix = uuid().slice(0, 8);
  const ids = { programme: `kekiz-${suffix}`, model: `model-${suffix}`, rollout: `rollout-${suffix}` };
  await registerTestRegistry(postWith(http), municipalities, ids);
  return ids;
}

/** One entry of GET /v1/audit. */
export interface AuditEntryBody {
  position: number;
  recordedAt: string;
  occurredAt: string;
  actor: string;
  command: string | null;
  stream: string;
  eventType: string;
  municipalityId: string | null;
  reason: string | null;
  correlationId: string;
  causationId: string | null;
}
