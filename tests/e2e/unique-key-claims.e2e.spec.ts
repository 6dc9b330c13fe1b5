import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { v4 as uuid } from 'uuid';
import { EVENT_STORE, type AppendResult, type ExpectedRevision, type NewEvent } from '#event-store';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import { UNUSED_CLAIM_GRACE_MS } from '../../apps/api/src/commands/key-claims.js';
import type { Storage } from '../../apps/api/src/storage/open-storage.js';
import { CLOCK, STORAGE } from '../../apps/api/src/storage/storage.module.js';
import { temporaryDataDir, testConfig } from '../support/app.js';
import { expectProblem, httpOf } from '../support/e2e-http.js';
import { DelegatingEventStore } from '../support/delegating-event-store.js';
import { actAsAdminByDefault } from '../support/test-admin.js';

/**
 * Another API instance registers the same municipality id, with an official key of its own, between this
 * instance's claim of its key and its append — what two instances sharing PostgreSQL can do.
 */
class RivalledStore extends DelegatingEventStore {
  readonly rivals = new Map<string, string>();

  override async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ags = this.rivals.get(stream);
    if (ags !== undefined) {
      this.rivals.delete(stream);
      const id = stream.replace(/^municipality-/, '');
      const metadata = { actor: 'api-key:other-instance', correlationId: uuid(), causationId: null, occurredAt: '2012-01-01T00:00:00.000Z' };
      await this.inner.append(`claim-ags.${ags}`, [{ id: uuid(), type: 'KeyClaimed', data: { key: `ags.${ags}`, owner: stream }, metadata }], 'no-stream');
      await this.inner.append(stream, [{ id: uuid(), type: 'MunicipalityRegistered', data: { municipalityId: id, name: id, kind: 'Stadt', ags, parentId: null }, metadata }], 'no-stream');
    }
    return this.inner.append(stream, events, expected);
  }
}

const data = temporaryDataDir();
const clock = { offsetMs: 0 };
let app: INestApplication | undefined;
let store: RivalledStore | undefined;
const http = httpOf(() => app as INestApplication);

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(testConfig({ dataDir: data.path }))] })
    .overrideProvider(EVENT_STORE)
    .useFactory({ factory: (storage: Storage) => (store = new RivalledStore(storage.events)), inject: [STORAGE] })
    .overrideProvider(CLOCK)
    .useValue(() => new Date(Date.now() + clock.offsetMs))
    .compile();
  app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] }));
  actAsAdminByDefault(app.getHttpServer());
  await app.init();
});
afterAll(async () => {
  await app?.close();
  data.remove();
});

describe('official keys claimed by a registration that lost its race', () => {
  it('are free again once the claim has gone unused for the grace period, and not before', async () => {
    const id = `stadt-${uuid().slice(0, 8)}`;
    const [theirs, ours] = ['05570004', '05570008'];
    store?.rivals.set(`municipality-${id}`, theirs);
    const lost = await http().post('/v1/municipalities').send({ id, name: 'Beckum', kind: 'Stadt', ags: ours, occurredAt: '2012-01-01' });
    expectProblem(lost, 409, 'municipality-already-exists');
    expect((await http().get(`/v1/municipalities/${id}`).expect(200)).body).toMatchObject({ ags: theirs });

    // The lost registration claimed `ours` before its append failed: the claim may still be on its way.
    const other = () => http().post('/v1/municipalities').send({ id: `stadt-${uuid().slice(0, 8)}`, name: 'Oelde', kind: 'Stadt', ags: ours, occurredAt: '2012-01-01' });
    expectProblem(await other(), 409, 'ags-taken');
    clock.offsetMs = UNUSED_CLAIM_GRACE_MS + 1000;
    await other().expect(201);
    expectProblem(await other(), 409, 'ags-taken');
  });
});
