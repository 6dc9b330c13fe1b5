import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CommandsModule } from '../commands/commands.module.js';
import { AccessGuard } from './access.guard.js';
import { ApiKeyRegistry } from './api-key-registry.js';
import { ApiKeysController } from './api-keys.controller.js';
import { Authenticator } from './authenticator.js';
import { FIRST_KEY_OUTPUT, FirstAdminKey } from './first-admin-key.js';
import { RateLimiter } from './rate-limiter.js';
import { ProcessCredentials } from './process-credentials.js';
import { AccessTokens } from './access-tokens.js';

/** Who may call what: authentication, the global access guard, rate limits and the API keys themselves. */
@Module({
  imports: [CommandsModule],
  controllers: [ApiKeysController],
  providers: [
    ApiKeyRegistry,
    Authenticator,
    AccessTokens,
    RateLimiter,
    ProcessCredentials,
    FirstAdminKey,
    { provide: FIRST_KEY_OUTPUT, useValue: (text: string) => process.stdout.write(`${text}\n`) },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ProcessCredentials, Authenticator],
})
export class AccessModule {}
