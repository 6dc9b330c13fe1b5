import { afterAll, beforeAll, describe } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { v4 as uuid } from 'uuid';
import { EVENT_STORE, type CheckedEventStore, type EventStore, type UpcastEvent } from '#event-store';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { DEFAULT_FEED_SETTINGS, FEED_SETTINGS, type FeedSettings } from '../../apps/api/src/events/feed-settings.js';
import { LiveFeedHub } from '../../apps/api/src/events/live-feed.hub.js';
import type { Storage } from '../../apps/api/src/storage/open-storage.js';
import { STORAGE } from '../../apps/api/src/storage/storage.module.js';
import { temporaryDataDir, testConfig } from './app.js';
import { actAsAdminByDefault } from './test-admin.js';
import type { StoreKind } from './both-stores.js';
import { httpOf, type Http } from './e2e-http.js';
import { headAtLeast } from './events.js';
import { recordGoals } from './goal-events.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from './postgres.js';

/** One API instance listening on a port of its own, as SSE clients need. */
export interface FeedInstance {
  readonly app: INestApplication;
  readonly url: string;
  readonly http: Http;
  readonly hub: LiveFeedHub;
  /** The application's store: checked appends, upcast reads. */
  readonly store: CheckedEventStore;
  /** The adapter underneath, to store what the application would refuse (e.g. an old schema version). */
  readonly raw: EventStore;
}

export interface FeedSuite {
  readonly kind: StoreKind;
  /** The instances, started in beforeAll: one on the embedded store, two sharing a PostgreSQL schema. */
  instances(): readonly FeedInstance[];
}

/** Boots the real AppModule as main.ts does, with the event feed's settings replaced, and listens on a free port. */
export async function startFeedApp(config: Partial<AppConfig> & { dataDir: string }, settings: Partial<FeedSettings>): Promise<FeedInstance> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(testConfig(config))] })
    .overrideProvider(FEED_SETTINGS)
    .useValue({ ...DEFAULT_FEED_SETTINGS, ...settings })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  configureApp(app);
  actAsAdminByDefault(app.getHttpServer());
  await app.listen(0, '127.0.0.1');
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    http: httpOf(() => app),
    hub: app.get(LiveFeedHub),
    store: app.get<CheckedEventStore>(EVENT_STORE),
    raw: app.get<Storage>(STORAGE).events,
  };
}

/** Declares the same feed tests on the embedded store and on PostgreSQL with two instances. */
export function onBothFeedStores(settings: Partial<FeedSettings>, body: (suite: FeedSuite) => void, config: Partial<AppConfig> = {}): void {
  describe('on the embedded store', () => {
    const data = temporaryDataDir();
    const instances: FeedInstance[] = [];
    beforeAll(async () => {
      instances.push(await startFeedApp({ ...config, dataDir: data.path }, settings));
    });
    afterAll(async () => {
      await Promise.all(instances.map(({ app }) => app.close()));
      data.remove();
    });
    body({ kind: 'sqlite', instances: () => instances });
  });

  describePostgres('on PostgreSQL with two instances', () => {
    const schema = uniqueSchema('gl_feed');
    const data = temporaryDataDir();
    const instances: FeedInstance[] = [];
    beforeAll(async () => {
      const shared = { ...config, store: 'postgres' as const, databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path };
      instances.push(await startFeedApp(shared, settings), await startFeedApp(shared, settings));
    });
    afterAll(async () => {
      await Promise.all(instances.map(({ app }) => app.close()));
      await dropSchemas([schema]);
      data.remove();
    });
    body({ kind: 'postgres', instances: () => instances });
  });
}

/** The whole log after `after` as the application reads it (upcast), through the store's own pages. */
export async function wholeLog(store: CheckedEventStore, after = 0): Promise<UpcastEvent[]> {
  const events: UpcastEvent[] = [];
  for (let page = await store.readAll({ after, limit: 1000 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })) {
    events.push(...page);
  }
  return events;
}

/** Records goals with their revisions and status changes, and waits until the log shows all of them. */
export async function recordGoalsVisibly(store: CheckedEventStore, count: number): Promise<string[]> {
  const goalIds = Array.from({ length: count }, () => `feed-${uuid()}`);
  await headAtLeast(store, await recordGoals(store, goalIds));
  return goalIds;
}
