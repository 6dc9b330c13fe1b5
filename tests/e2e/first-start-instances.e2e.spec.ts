import { afterAll, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { FIRST_KEY_OUTPUT } from '../../apps/api/src/access/first-admin-key.js';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import { temporaryDataDir, testConfig } from '../support/app.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

describePostgres('instances starting at once on an empty PostgreSQL store', () => {
  const schema = uniqueSchema('gl_e2e');
  const data = temporaryDataDir();
  const apps: INestApplication[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await dropSchemas([schema]);
    data.remove();
  });

  /** An instance without GOAL_LEDGER_ADMIN_API_KEY whose first-start message goes to `printed`. */
  async function instance(printed: string[]): Promise<INestApplication> {
    const config = testConfig({ store: 'postgres', databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path, adminApiKey: undefined });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(FIRST_KEY_OUTPUT)
      .useValue((text: string) => printed.push(text))
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
    configureApp(app);
    apps.push(app);
    return app;
  }

  it('issue exactly one admin key, printed by exactly one of them, which works on both', async () => {
    const printed: string[][] = [[], [], []];
    const started = await Promise.all(printed.map(instance));
    await Promise.all(started.map((app) => app.init()));

    const messages = printed.flat();
    expect(messages).toHaveLength(1);
    const key = /^\s+(glk_[A-Za-z0-9_-]{43})$/m.exec(messages[0])?.[1];
    expect(key).toBeDefined();
    for (const app of started) {
      const keys = await request(app.getHttpServer()).get('/v1/admin/api-keys').set('authorization', `Bearer ${key}`).expect(200);
      expect((keys.body as { name: string; role: string }[]).map(({ name, role }) => ({ name, role }))).toEqual([{ name: 'first admin', role: 'admin' }]);
    }
  }, 60_000);
});
