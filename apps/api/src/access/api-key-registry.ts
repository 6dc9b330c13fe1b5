import { Inject, Injectable } from '@nestjs/common';
import { apiKeyDecider, apiKeyStream, fold, type ApiKey, type ApiKeyState } from '#domain';
import { StreamHistories } from '../commands/stream-histories.js';
import { CLOCK, type Clock } from '../storage/storage.module.js';
import { hashOf } from './api-key-secrets.js';
import type { Identity } from './identity.js';

/** Why a key is refused; the answer says no more than "not valid" to the caller. */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired';

/**
 * The keys as the log has them now. Every call reads the events appended since the last one (one indexed
 * query, usually answering nothing), so a key revoked through any instance is refused by every instance
 * from the next request on: there is no cache that could hold a revoked key.
 */
@Injectable()
export class ApiKeyRegistry {
  private folded: { count: number; state: ApiKeyState } = { count: 0, state: apiKeyDecider.initialState };

  constructor(
    private readonly histories: StreamHistories,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async current(): Promise<ApiKeyState> {
    const facts = await this.histories.load(apiKeyStream());
    const { count, state } = this.folded;
    if (facts.length > count) this.folded = { count: facts.length, state: fold(apiKeyDecider, facts.slice(count), state) };
    return this.folded.state;
  }

  async list(): Promise<ApiKey[]> {
    return Object.values((await this.current()).keys).sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.keyId.localeCompare(b.keyId));
  }

  /** The key that the event at `revision` of the key stream issued, if it issued one. */
  async issuedAt(revision: number): Promise<ApiKey | undefined> {
    const fact = (await this.histories.load(apiKeyStream()))[revision];
    return fact?.type === 'ApiKeyIssued' ? (await this.current()).keys[(fact.data as { keyId: string }).keyId] : undefined;
  }

  async identify(secret: string): Promise<Identity | KeyRefusal> {
    const hash = hashOf(secret);
    const key = Object.values((await this.current()).keys).find((candidate) => candidate.hash === hash);
    if (!key) return 'unknown';
    if (key.revokedAt !== null) return 'revoked';
    if (key.expiresAt !== null && key.expiresAt <= this.clock().toISOString()) return 'expired';
    return { actor: `api-key:${key.keyId}`, role: key.role, municipalityId: key.municipalityId };
  }
}
