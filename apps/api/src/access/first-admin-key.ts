import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '#domain';
import type { AppConfig } from '../config/app-config.js';
import { ExecuteCommand } from '../commands/execute-command.js';
import { APP_CONFIG, CLOCK, type Clock } from '../storage/storage.module.js';
import { API_KEY } from './api-key.aggregate.js';
import { hashOf, newApiKey, visiblePrefixOf } from './api-key-secrets.js';
import type { Identity } from './identity.js';

/** Where the first admin key is shown: standard output, once, not the log (which may be shipped elsewhere). */
export const FIRST_KEY_OUTPUT = Symbol('FirstKeyOutput');
export type FirstKeyOutput = (text: string) => void;

const FIRST_START: Identity = { actor: 'system:first-start', role: 'admin', municipalityId: null };

/**
 * Makes sure an admin can get in. With GOAL_LEDGER_ADMIN_API_KEY, that key is issued unless it was issued
 * before (a revoked one stays revoked). Without it, the first start on a store without keys issues one and
 * prints it; the command path's "only if first" rule lets exactly one of several instances starting at once
 * issue it.
 */
@Injectable()
export class FirstAdminKey implements OnApplicationBootstrap {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FIRST_KEY_OUTPUT) private readonly output: FirstKeyOutput,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.adminApiKey;
    const key = configured ?? newApiKey();
    const hash = hashOf(key);
    const data = {
      keyId: configured ? `configured-admin-${hash.slice(0, 12)}` : randomUUID(),
      name: configured ? 'admin (GOAL_LEDGER_ADMIN_API_KEY)' : 'first admin',
      role: 'admin' as const,
      municipalityId: null,
      expiresAt: null,
      hash,
      prefix: visiblePrefixOf(key),
    };
    const command = { type: 'IssueApiKey' as const, data, onlyIfFirst: configured === undefined, occurredAt: this.clock().toISOString() };
    try {
      // Derived from the key's id, so the event is the same bytes on every store and a retry is a replay.
      const idempotencyKey = `first-admin-key:${data.keyId}`;
      await this.commands.execute(ExecuteCommand.of(API_KEY, command, { identity: FIRST_START, correlationId: idempotencyKey, idempotencyKey, fingerprint: data.hash }));
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'api-keys-exist' || error.code === 'api-key-already-exists')) return;
      throw error;
    }
    if (!configured) this.output(firstKeyMessage(key));
  }
}

function firstKeyMessage(key: string): string {
  return [
    '',
    'goal-ledger: the store had no API keys, so this admin key was created. It is shown only now; keep it safe:',
    '',
    `    ${key}`,
    '',
    'Send it as "Authorization: Bearer <key>". In the Swagger console (/docs), click "Authorize" and paste it.',
    'Issue keys for systems and people with POST /v1/admin/api-keys, and revoke this one once you have another admin key.',
    '',
  ].join('\n');
}
