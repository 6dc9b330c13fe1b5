import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { DomainError } from '#domain';
import { API_KEY } from '../../apps/api/src/access/api-key.aggregate.js';
import { hashOf, newApiKey, visiblePrefixOf } from '../../apps/api/src/access/api-key-secrets.js';
import { FIRST_KEY_OUTPUT } from '../../apps/api/src/access/first-admin-key.js';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import { ExecuteCommand } from '../../apps/api/src/commands/execute-command.js';
import { temporaryDataDir, testConfig } from '../support/app.js';

describe('the first admin key on the embedded store', () => {
  const data = temporaryDataDir();
  const printed: string[] = [];
  let app: NestExpressApplication;
  beforeAll(async () => {
    const config = testConfig({ dataDir: data.path, adminApiKey: undefined });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(FIRST_KEY_OUTPUT)
      .useValue((text: string) => printed.push(text))
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
    configureApp(app);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('is not issued again by a start whose clock read came before the first key: "only if first" means ever recorded', async () => {
    expect(printed).toHaveLength(1);
    // Another instance starting at the same time, which read its clock a minute before this one's key
    // was issued but appends only now: decided as of its own world time, the store had no key yet.
    const key = newApiKey();
    const data = { keyId: 'second-first-admin', name: 'first admin', role: 'admin' as const, municipalityId: null, expiresAt: null, hash: hashOf(key), prefix: visiblePrefixOf(key) };
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const command = { type: 'IssueApiKey' as const, data, onlyIfFirst: true, occurredAt };
    const identity = { actor: 'system:first-start', role: 'admin' as const, municipalityId: null };
    const issuing = app.get(CommandBus).execute(ExecuteCommand.of(API_KEY, command, { identity, correlationId: 'first-admin-key:second', idempotencyKey: 'first-admin-key:second', fingerprint: data.hash }));
    await expect(issuing).rejects.toThrow(DomainError);
    await expect(issuing).rejects.toMatchObject({ code: 'api-keys-exist' });
  });
});
