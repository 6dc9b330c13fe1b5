import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { v4 as uuid } from 'uuid';
import { openSqlite } from '#event-store';
import { startApp, temporaryDataDir } from '../support/app.js';
import { registerTestMunicipality } from '../support/test-registry.js';
import { caughtUp, goalBody, goalOf, historyOf, httpOf, listAll, logHead, postWith, type GoalBody, type HistoryEntryBody, type WriteBody } from '../support/e2e-http.js';

const data = temporaryDataDir();
let app: INestApplication | undefined;
const http = httpOf(() => {
  if (!app) throw new Error('no app is running');
  return app;
});

async function restart(): Promise<void> {
  await app?.close();
  app = undefined;
  app = await startApp({ dataDir: data.path });
}

afterAll(async () => {
  await app?.close();
  data.remove();
});

const municipalityId = `kreis-warendorf-${uuid().slice(0, 8)}`;
const statusChange = (status: string, occurredAt: string) => ({ status, reason: `Bilanz: ${status}`, occurredAt });

/** Everything a client can read about the seeded goals. */
interface Snapshot {
  readonly details: Record<string, GoalBody>;
  readonly list: GoalBody[];
  readonly histories: Record<string, HistoryEntryBody[]>;
  readonly head: number;
}

async function snapshot(goalIds: readonly string[]): Promise<Snapshot> {
  const details: Record<string, GoalBody> = {};
  const histories: Record<string, HistoryEntryBody[]> = {};
  for (const id of goalIds) {
    details[id] = await goalOf(http, id);
    histories[id] = await historyOf(http, id);
  }
  return { details, histories, list: await listAll(http, { municipalityId }, 2), head: await logHead(http) };
}

describe('a restart on the same data directory', () => {
  const goalIds: string[] = [];
  const keyedRetry = { key: `formulate-${uuid()}`, body: (({ id: _unused, ...rest }) => rest)(goalBody({ municipalityId })) };
  let keyedFirst: { body: WriteBody; etag: string };
  let before: Snapshot;

  beforeAll(async () => {
    app = await startApp({ dataDir: data.path });
    await registerTestMunicipality(postWith(http), municipalityId);
    const [a, b] = [goalBody({ municipalityId }), goalBody({ municipalityId, phaseId: 'rollout', occurredAt: '2016-03-01' })];
    for (const body of [a, b]) await http().post('/v1/goals').send(body).expect(201);
    await http().post(`/v1/goals/${a.id}/revisions`).send({ description: 'vier Sozialräume', reason: 'Q2', occurredAt: '2013-06-20' }).expect(200);
    await http().post(`/v1/goals/${a.id}/status`).send(statusChange('in_progress', '2013-09-30')).expect(200);
    const keyed = await http().post('/v1/goals').set('Idempotency-Key', keyedRetry.key).send(keyedRetry.body).expect(201);
    keyedFirst = { body: keyed.body as WriteBody, etag: keyed.headers.etag };
    goalIds.push(a.id, b.id, keyedFirst.body.id);
    before = await snapshot(goalIds);
    await restart();
  });

  it('still shows every goal, the list and every history exactly as before', async () => {
    expect(await snapshot(goalIds)).toEqual(before);
    expect(before.list).toHaveLength(3);
    expect(before.histories[goalIds[0]].map((e) => e.type)).toEqual(['GoalFormulated', 'GoalRevised', 'GoalStatusChanged']);
  });

  it('answers a retry of a request from before the restart with its first response, appending nothing', async () => {
    const retry = await http().post('/v1/goals').set('Idempotency-Key', keyedRetry.key).send(keyedRetry.body).expect(201);
    expect([retry.body, retry.headers.etag, retry.headers['idempotent-replayed']]).toEqual([keyedFirst.body, keyedFirst.etag, 'true']);
    expect(await logHead(http)).toBe(before.head);
  });

  it('continues writing at the right revision and position, honouring If-Match', async () => {
    const id = goalIds[0];
    const stale = await http().post(`/v1/goals/${id}/status`).set('If-Match', '"1"').send(statusChange('implemented', '2014-09-30'));
    expect(stale.status).toBe(412);
    const written = await http().post(`/v1/goals/${id}/status`).set('If-Match', '"2"').send(statusChange('implemented', '2014-09-30')).expect(200);
    expect(written.body).toEqual({ id, revision: 3, position: before.head + 1 });
    expect(written.headers.etag).toBe('"3"');
    expect(await http().get(`/v1/goals/${id}`).expect(200)).toMatchObject({ body: { status: 'implemented', revision: 3 } });
    const formulated = await http().post('/v1/goals').send(goalBody({ municipalityId })).expect(201);
    expect((formulated.body as WriteBody).position).toBe(before.head + 2);
    goalIds.push((formulated.body as WriteBody).id);
  });

  it('survives a second restart with the writes made after the first one', async () => {
    const now = await snapshot(goalIds);
    await restart();
    expect(await snapshot(goalIds)).toEqual(now);
    expect(now.list).toHaveLength(4);
  });

  it('rebuilds read models whose tables were deleted, and shows the same goals, list and histories', async () => {
    const now = await snapshot(goalIds);
    await app?.close();
    app = undefined;
    const database = openSqlite(join(data.path, 'goal-ledger.sqlite'));
    // Everything but the log: the read models' views and tables, their registry and its migrations.
    const objects = database
      .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT IN ('events', 'sqlite_sequence') ORDER BY type DESC")
      .all() as { type: string; name: string }[];
    expect(objects.map((object) => object.name)).toEqual(expect.arrayContaining(['goal_facts', 'goal_versions', 'read_model_generations', 'read_model_migrations']));
    for (const { type, name } of objects) database.exec(`DROP ${type.toUpperCase()} "${name}"`);
    database.close();
    app = await startApp({ dataDir: data.path });
    await caughtUp(http);
    expect(await snapshot(goalIds)).toEqual(now);
    const written = await http().post(`/v1/goals/${goalIds[1]}/status`).send(statusChange('in_progress', '2016-03-31')).expect(200);
    expect(written.body).toEqual({ id: goalIds[1], revision: 1, position: now.head + 1 });
    expect(await http().get(`/v1/goals/${goalIds[1]}`).expect(200)).toMatchObject({ body: { status: 'in_progress', revision: 1 } });
  });
});
