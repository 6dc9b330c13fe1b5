import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApp, temporaryDataDir } from '../support/app.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { registerTestRegistry, type Post } from '../support/test-registry.js';

/**
 * The same log gives the same answers, byte for byte, on both stores: key order, number formats, nulls and
 * text survive SQLite's TEXT and PostgreSQL's jsonb alike. The two logs are written by the same requests, with
 * the same Idempotency-Keys (hence event ids) and correlation ids; only system time differs between them, so
 * instants recorded by the stores (this test's run) are replaced by their rank before comparing.
 */
const runStarted = new Date(Date.now() - 60_000).toISOString();

/** Each request of the script, numbered, so that both stores get the same keys and correlation ids. */
function scripted(app: INestApplication): { post: Post; get: (path: string) => Promise<string> } {
  let step = 0;
  const post: Post = async (path, body, headers) => {
    step += 1;
    const response = await request(app.getHttpServer())
      .post(path)
      .set({ ...headers, 'Idempotency-Key': `step-${step}`, 'X-Correlation-Id': `00000000-0000-4000-8000-${String(step).padStart(12, '0')}` })
      .send(body);
    return { status: response.status, body: response.body as unknown };
  };
  const get = async (path: string) => {
    const response = await request(app.getHttpServer()).get(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
    return response.text;
  };
  return { post, get };
}

async function writeScript(post: Post): Promise<void> {
  await registerTestRegistry(post, ['kreis-warendorf']);
  const ok = async (path: string, body: object) => {
    const answer = await post(path, body, {});
    if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  const goal = {
    programmeId: 'kekiz', municipalityId: 'kreis-warendorf', phaseId: 'model', themeArea: 'bildungsnetzwerk-muessingen-einen-milte',
    title: 'Bildungs- und Erziehungsnetzwerk „Müssingen, Einen, Milte“', description: 'Kitas, Schulen \\ Beratung; "Brücken" bauen\nzweite Zeile 🙂', targetDate: '2015-09-30', source: null,
  };
  await ok('/v1/goals', { ...goal, id: 'warendorf-netzwerk', occurredAt: '2012-10-15T09:30:00+02:00' });
  await ok('/v1/goals', { ...goal, id: 'warendorf-fruehe-hilfen', title: 'Frühe Hilfen', source: 'Workshop', occurredAt: '2012-11-20' });
  await ok('/v1/goals/warendorf-netzwerk/status', { status: 'in_progress', reason: 'Quartalsgespräch 2013-Q1', occurredAt: '2013-03-28' });
  await ok('/v1/goals/warendorf-netzwerk/revisions', { description: 'nachgetragen', reason: 'Protokoll 2013-Q1', occurredAt: '2013-02-01' });
  await ok('/v1/goals/warendorf-netzwerk/corrections', { revision: 2, occurredAt: '2013-04-15', reason: 'Datum laut Protokoll' });
  await ok('/v1/goals/warendorf-fruehe-hilfen/status', { status: 'on_hold', reason: 'Personalwechsel', occurredAt: '2014-01-10' });
}

/** Replaces the instants this run recorded (system time) by their rank, so two runs compare by structure. */
function withRankedSystemTimes(text: string): string {
  const instants = [...new Set(text.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g) ?? [])].filter((instant) => instant >= runStarted).sort();
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, (instant) => (instant >= runStarted ? `<system time ${instants.indexOf(instant)}>` : instant));
}

/**
 * An answer without the signed tree head it names: the head's root hashes the events with their recorded
 * times, which differ between two runs (its own tests check it against the log it covers).
 */
function withoutTreeHead(text: string): string {
  const body = JSON.parse(text) as Record<string, unknown>;
  if (!('treeHead' in body)) return text;
  delete body.treeHead;
  return JSON.stringify(body);
}

const VIEWS = [
  '/v1/goals/warendorf-netzwerk?asOf=2013-12-31',
  '/v1/goals/warendorf-netzwerk/history',
  '/v1/goals/warendorf-netzwerk/history?asOf=2013-03-01',
  '/v1/goals?municipalityId=kreis-warendorf&sort=-title',
  '/v1/goals?asOf=2013-06-30&status=in_progress,agreed',
  '/v1/events?limit=1000',
  '/v1/audit?stream=goal-warendorf-netzwerk',
];

describePostgres('the same log answers the same bytes on both stores', () => {
  const data = temporaryDataDir();
  const schema = uniqueSchema('gl_cross');
  const apps: INestApplication[] = [];
  const answers: Record<string, string>[] = [];
  beforeAll(async () => {
    apps.push(await startApp({ dataDir: data.path }, { registry: false }));
    apps.push(await startApp({ store: 'postgres', databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path }, { registry: false }));
    for (const app of apps) {
      const { post, get } = scripted(app);
      await writeScript(post);
      const position = JSON.parse(await get('/v1/goals/warendorf-fruehe-hilfen')).position as number;
      const views: Record<string, string> = {};
      // The feed reads the log itself; the views wait for their read models to hold the last write.
      const waiting = (path: string) => (path.startsWith('/v1/events') ? path : `${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`);
      for (const path of VIEWS) views[path] = withRankedSystemTimes(withoutTreeHead(await get(waiting(path))));
      answers.push(views);
    }
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await dropSchemas([schema]);
    data.remove();
  });

  it.each(VIEWS)('GET %s', (path) => {
    const [embedded, postgres] = answers;
    expect(embedded[path].length).toBeGreaterThan(100);
    expect(postgres[path]).toBe(embedded[path]);
  });
});
