import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { v4 as uuid } from 'uuid';
import { ALL_READ_MODELS } from '#projections';
import { startApp, temporaryDataDir } from '../support/app.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

describePostgres('two API instances sharing one PostgreSQL', () => {
  const schema = uniqueSchema('gl_e2e');
  const data = temporaryDataDir();
  let first: INestApplication;
  let second: INestApplication;

  beforeAll(async () => {
    const config = { store: 'postgres' as const, databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path };
    first = await startApp(config);
    second = await startApp(config);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await dropSchemas([schema]);
    data.remove();
  });

  const formulate = (app: INestApplication, id: string) =>
    request(app.getHttpServer())
      .post('/v1/goals')
      .send({ id, programmeId: 'kekiz', municipalityId: 'kreis-dueren', phaseId: 'rollout', themeArea: 'fruehe-hilfen', title: 'Frühe Hilfen vernetzen', occurredAt: '2016-03-01' });

  it('lets a client read its write on the other instance right away', async () => {
    for (let i = 0; i < 10; i += 1) {
      const id = `dueren-${uuid()}`;
      await formulate(i % 2 === 0 ? first : second, id).expect(201);
      const reader = i % 2 === 0 ? second : first;
      await request(reader.getHttpServer()).get(`/v1/goals/${id}`).expect(200);
      await request(reader.getHttpServer())
        .post(`/v1/goals/${id}/status`)
        .send({ status: 'in_progress', reason: 'Kick-off', occurredAt: '2016-04-01' })
        .expect(200);
      const after = await request((i % 2 === 0 ? first : second).getHttpServer()).get(`/v1/goals/${id}/history`).expect(200);
      expect(after.body.items.map((e: { type: string }) => e.type)).toEqual(['GoalFormulated', 'GoalStatusChanged']);
    }
  });

  it('applies each read model on one instance, while the other serves a read at the position a write answered', async () => {
    const holders = async (app: INestApplication) =>
      ((await request(app.getHttpServer()).get('/v1/admin/projections').expect(200)).body as { name: string; holder: boolean }[]).map((s) => [s.name, s.holder]);
    const [onFirst, onSecond] = [await holders(first), await holders(second)];
    const names = [...ALL_READ_MODELS.map((model) => model.name), 'review-status-proposals'];
    expect(onFirst.map(([name, holder], i) => [name, holder !== onSecond[i][1]])).toEqual(names.map((name) => [name, true]));

    const id = `dueren-${uuid()}`;
    const { position } = (await formulate(first, id).expect(201)).body as { position: number };
    const read = await request(second.getHttpServer()).get(`/v1/goals/${id}`).query({ minPosition: String(position) }).expect(200);
    expect(read.body).toMatchObject({ id, position });
    const history = await request(second.getHttpServer()).get(`/v1/goals/${id}/history`).query({ minPosition: String(position) }).expect(200);
    expect(history.body.items).toHaveLength(1);
  });

  it('never loses an update when both instances write the same goal concurrently', async () => {
    const id = `dueren-${uuid()}`;
    await formulate(first, id).expect(201);
    const writes = Array.from({ length: 10 }, (_, i) =>
      request((i % 2 === 0 ? first : second).getHttpServer())
        .post(`/v1/goals/${id}/revisions`)
        .send({ title: `Fassung ${i}`, reason: `Revision ${i}`, occurredAt: '2016-05-01' }),
    );
    const statuses = (await Promise.all(writes)).map((response) => response.status);
    const succeeded = statuses.filter((status) => status === 200).length;
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);

    const history = await request(second.getHttpServer()).get(`/v1/goals/${id}/history`).expect(200);
    expect(history.body.items).toHaveLength(1 + succeeded);
    const goal = await request(first.getHttpServer()).get(`/v1/goals/${id}`).expect(200);
    expect(goal.body.revision).toBe(succeeded);
  });
});
