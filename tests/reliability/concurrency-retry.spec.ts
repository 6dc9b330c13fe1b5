import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { v4 as uuid } from 'uuid';
import { EVENT_STORE, type AppendResult, type ExpectedRevision, type NewEvent } from '#event-store';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import type { Storage } from '../../apps/api/src/storage/open-storage.js';
import { STORAGE } from '../../apps/api/src/storage/storage.module.js';
import { postTo, temporaryDataDir, testConfig } from '../support/app.js';
import { DelegatingEventStore } from '../support/delegating-event-store.js';
import { actAsAdminByDefault } from '../support/test-admin.js';
import { registerTestRegistry } from '../support/test-registry.js';
import { expectProblem, goalBody, historyOf, httpOf } from '../support/e2e-http.js';

/**
 * The sad-path twins of the concurrency suite, made deterministic: the app's event store lets a rival
 * writer append to a goal right before each of the app's own appends, so the app loses its race as often
 * as the test says, and the test sees what it answers then.
 */
class RivalledStore extends DelegatingEventStore {
  /** Per stream: how many more appends a rival gets in first. */
  readonly rivals = new Map<string, number>();

  override async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const left = this.rivals.get(stream) ?? 0;
    if (left > 0) {
      this.rivals.set(stream, left - 1);
      await this.inner.append(stream, [rivalRevision(stream)], 'any');
    }
    return this.inner.append(stream, events, expected);
  }
}

/** What a rival coordinator writes: a new title, which any later status change must be decided after. */
function rivalRevision(stream: string): NewEvent {
  const title = `Fassung der Rivalin ${uuid().slice(0, 8)}`;
  return {
    id: uuid(),
    type: 'GoalRevised',
    data: { goalId: stream.replace(/^goal-/, ''), changes: { title }, reason: 'rival' },
    metadata: { actor: 'rival@kreis-unna.de', correlationId: uuid(), causationId: null, occurredAt: '2015-06-30T00:00:00.000Z' },
  };
}

const data = temporaryDataDir();
let app: INestApplication | undefined;
let store: RivalledStore | undefined;
const http = httpOf(() => {
  if (!app) throw new Error('the app is started in beforeAll');
  return app;
});

beforeAll(async () => {
  const config = testConfig({ dataDir: data.path, logLevel: 'info' });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(EVENT_STORE)
    .useFactory({ factory: (storage: Storage) => (store = new RivalledStore(storage.events)), inject: [STORAGE] })
    .compile();
  app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] }));
  actAsAdminByDefault(app.getHttpServer());
  await app.init();
  await registerTestRegistry(postTo(app));
});
afterAll(async () => {
  await app?.close();
  data.remove();
});

const contested = async (rivals: number): Promise<string> => {
  const body = goalBody();
  await http().post('/v1/goals').send(body).expect(201);
  store?.rivals.set(`goal-${body.id}`, rivals);
  return body.id;
};
const toInProgress = { status: 'in_progress', reason: 'Quartalsgespräch 2015-Q2', occurredAt: '2015-06-30' };
/** The goal's history once the read models hold every append so far: a rival's append waits for no read model. */
const types = async (id: string) =>
  (await historyOf(http, id, await store?.headPosition())).map((entry) => (entry.actor.startsWith('rival') ? 'rival' : entry.type));

describe('a write without If-Match that loses its race', () => {
  it('is decided again on the fresh state until it wins, and then succeeds', async () => {
    const id = await contested(3);
    const answer = await http().post(`/v1/goals/${id}/status`).send(toInProgress).expect(200);
    expect(answer.body).toMatchObject({ id, revision: 4 });
    expect(await types(id)).toEqual(['GoalFormulated', 'rival', 'rival', 'rival', 'GoalStatusChanged']);
  });

  it('gives up at the deadline with 409 revision-conflict and Retry-After, having written nothing of its own', async () => {
    const id = await contested(Number.POSITIVE_INFINITY);
    const answer = await http().post(`/v1/goals/${id}/status`).send(toInProgress);
    expectProblem(answer, 409, 'revision-conflict');
    expect(answer.headers['retry-after']).toBe('1');
    const written = await types(id);
    // It tried again and again, each time after a rival's change, and never wrote its own.
    expect(written.filter((type) => type === 'rival').length).toBeGreaterThan(2);
    expect(written.filter((type) => type !== 'rival')).toEqual(['GoalFormulated']);
  });
});

describe('a write with If-Match that loses its race', () => {
  it('is refused at once with 412, without another attempt and without Retry-After', async () => {
    const id = await contested(Number.POSITIVE_INFINITY);
    const answer = await http().post(`/v1/goals/${id}/status`).set('If-Match', '"0"').send(toInProgress);
    expectProblem(answer, 412, 'precondition-failed');
    expect(answer.headers['retry-after']).toBeUndefined();
    expect(await types(id)).toEqual(['GoalFormulated', 'rival']);
  });
});
