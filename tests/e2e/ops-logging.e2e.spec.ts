import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '#event-store';
import { temporaryDataDir } from '../support/app.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { goalBody } from '../support/e2e-http.js';
import { LogCapture, startOpsApp } from '../support/ops-app.js';
import { TEST_ADMIN_ACTOR } from '../support/test-admin.js';

const data = temporaryDataDir();
const log = new LogCapture();
let failAppends = false;
let app: INestApplication;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  app = await startOpsApp({
    config: { dataDir: data.path, logLevel: 'info' },
    log,
    wrapStore: (store) => ({
      ...bound(store),
      append: (stream, events, expected) => (failAppends ? Promise.reject(new Error('disk on fire')) : store.append(stream, events, expected)),
    }),
  });
});

afterAll(async () => {
  await app.close();
  data.remove();
});

const completed = (correlationId: string) => (line: Record<string, unknown>) =>
  line.correlationId === correlationId && typeof line.status === 'number';

describe('structured request logs', () => {
  it("writes the caller's correlation id into the request's log line and into the metadata of its events", async () => {
    const goal = goalBody();
    const response = await http()
      .post('/v1/goals')
      .set('X-Correlation-Id', 'quartalsgespraech-2013-q2-17')
      .send(goal)
      .expect(201);
    expect(response.headers['x-correlation-id']).toBe('quartalsgespraech-2013-q2-17');

    const line = await log.next(completed('quartalsgespraech-2013-q2-17'));
    expect(line).toMatchObject({
      msg: 'request completed',
      actor: TEST_ADMIN_ACTOR,
      route: '/v1/goals',
      status: 201,
      req: { method: 'POST', url: '/v1/goals' },
    });
    expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof line.durationMs).toBe('number');

    const events = await app.get<EventStore>(EVENT_STORE).readStream(`goal-${goal.id}`);
    expect(events.map((event) => event.metadata.correlationId)).toEqual(['quartalsgespraech-2013-q2-17']);
  });

  it('logs an unexpected error with the correlation id the 500 answer gives the caller', async () => {
    failAppends = true;
    try {
      const response = await http().post('/v1/goals').set('X-Correlation-Id', 'trace-500').send(goalBody()).expect(500);
      expect((response.body as { detail: string }).detail).toBe('The error was logged');
    } finally {
      failAppends = false;
    }
    const request = await log.next(completed('trace-500'));
    const error = await log.next((line) => line.correlationId === 'trace-500' && line.context === 'Problems');
    expect(request).toMatchObject({ level: 50, status: 500, route: '/v1/goals' });
    expect(error).toMatchObject({ level: 50, reqId: request.reqId });
    expect(JSON.stringify(error)).toContain('disk on fire');
  });

  it('gives each request an id of its own and makes a correlation id up when the caller sends none', async () => {
    const first = await http().get('/v1/goals').expect(200);
    const second = await http().get('/v1/goals').expect(200);
    const a = await log.next(completed(String(first.headers['x-correlation-id'])));
    const b = await log.next(completed(String(second.headers['x-correlation-id'])));
    expect(a.correlationId).not.toBe(b.correlationId);
    expect(a.reqId).not.toBe(b.reqId);
  });

  it('never writes request headers, so keys and tokens stay out of the log', async () => {
    await http()
      .get('/v1/goals')
      .set('X-Correlation-Id', 'with-secrets')
      .set('Authorization', 'Bearer eyJ-secret-token')
      .set('X-Api-Key', 'gl_live_secret_key')
      .set('Cookie', 'session=secret-cookie')
      .expect(401);
    await log.next(completed('with-secrets'));
    const everything = JSON.stringify(log.lines);
    for (const secret of ['eyJ-secret-token', 'gl_live_secret_key', 'secret-cookie']) expect(everything).not.toContain(secret);
  });
});

/** The store's methods, callable on their own (spreading a class instance would lose them). */
function bound(store: EventStore): EventStore {
  return {
    append: store.append.bind(store),
    readStream: store.readStream.bind(store),
    readAll: store.readAll.bind(store),
    readEvent: store.readEvent.bind(store),
    headPosition: store.headPosition.bind(store),
    subscribe: store.subscribe.bind(store),
    close: store.close.bind(store),
  };
}

describePostgres('the durability warning', () => {
  const schema = uniqueSchema('gl_ops');
  let weak: INestApplication | undefined;
  afterAll(async () => {
    await weak?.close();
    await dropSchemas([schema]);
  });

  it('is a warning line of the application log when PostgreSQL could lose acknowledged appends', async () => {
    const url = new URL(testDatabaseUrl);
    url.searchParams.set('options', '-c synchronous_commit=off');
    weak = await startOpsApp({ config: { dataDir: data.path, logLevel: 'info', store: 'postgres', databaseUrl: url.href, postgresSchema: schema }, log });
    const line = await log.next((entry) => typeof entry.msg === 'string' && entry.msg.includes('synchronous_commit=off'));
    expect(line).toMatchObject({ level: 40, context: 'EventStore' });
  });
});
