import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { actAsAdminByDefault, TEST_ADMIN_KEY } from './test-admin.js';
import { registerTestRegistry, type Post } from './test-registry.js';

/** The configuration of a test app: the test admin key, no rate limit (suites send bursts), warnings and errors only. */
export function testConfig(overrides: Partial<AppConfig> & { dataDir: string }): AppConfig {
  return { ...loadConfig({}), projectionWaitMs: 5000, logLevel: 'warn', adminApiKey: TEST_ADMIN_KEY, rateLimit: 0, ...overrides };
}

export interface StartOptions {
  /** Write the test registry through the API (as the admin). */
  readonly registry?: boolean;
  /** Send requests without credentials as the test admin (see actAsAdminByDefault); off for access-control suites. */
  readonly asAdmin?: boolean;
}

/**
 * Boots the real AppModule with the same set-up as main.ts, on the embedded store in `dataDir`, with the
 * test registry (programme, phases, municipalities the tests' goals refer to) written through its API.
 * It logs warnings and errors only, so that a failing test's output is not buried under request logs.
 */
export async function startApp(overrides: Partial<AppConfig> & { dataDir: string }, { registry = true, asAdmin = true }: StartOptions = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(testConfig(overrides))] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  configureApp(app);
  if (asAdmin) actAsAdminByDefault(app.getHttpServer());
  await app.init();
  if (registry) await registerTestRegistry(postTo(app));
  return app;
}

/** Posts to an in-process app, for the test registry. */
export function postTo(app: INestApplication): Post {
  return async (path, body, headers) => {
    const response = await request(app.getHttpServer()).post(path).set({ authorization: `Bearer ${TEST_ADMIN_KEY}`, ...headers }).send(body);
    return { status: response.status, body: response.body as unknown };
  };
}

/** A data directory of its own for each suite, removed afterwards. */
export function temporaryDataDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'goal-ledger-e2e-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * One app on a fresh data dir for the calling suite: started in beforeAll, closed and removed in afterAll.
 * `http()` gives a supertest request against it.
 */
export function appPerSuite(overrides: Partial<AppConfig> = {}, options: StartOptions = {}): { app: () => INestApplication; http: () => ReturnType<typeof request> } {
  const data = temporaryDataDir();
  let app: INestApplication | undefined;
  beforeAll(async () => {
    app = await startApp({ ...overrides, dataDir: data.path }, options);
  });
  afterAll(async () => {
    await app?.close();
    data.remove();
  });
  const current = () => {
    if (!app) throw new Error('the app is started in beforeAll');
    return app;
  };
  return { app: current, http: () => request(current().getHttpServer()) };
}
