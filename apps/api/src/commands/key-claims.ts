import { v5 as uuidv5 } from 'uuid';
import { claimStream, DomainError, KEY_CLAIMED, type UniqueKey } from '#domain';
import { WrongExpectedRevisionError, type EventMetadata, type EventStore } from '#event-store';
import type { StreamHistories } from './stream-histories.js';

/** Namespace of claim event ids: one id per key and owner, so a retried claim is a no-op. */
const CLAIM_NAMESPACE = 'a3f4e1c0-6d2b-4f5e-9b8a-7c1d2e3f4a5b';

/**
 * Uniqueness across streams (e.g. one official key per municipality), enforced by the store and not by
 * a read-then-write check two requests could both pass: each key has a claim stream, and only the first
 * append to it (expected: no stream) wins. A claim already held by the same owner is fine (a retry).
 */
export class KeyClaims {
  constructor(
    private readonly store: EventStore,
    private readonly histories: StreamHistories,
  ) {}

  async claim(owner: string, keys: readonly UniqueKey[], metadata: EventMetadata): Promise<void> {
    for (const { key, code } of keys) {
      const stream = claimStream(key);
      if (await this.alreadyHeld(stream, owner, key, code)) continue;
      try {
        const event = { id: uuidv5(`${key}\n${owner}`, CLAIM_NAMESPACE), type: KEY_CLAIMED, data: { key, owner }, metadata };
        await this.store.append(stream, [event], 'no-stream');
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        await this.alreadyHeld(stream, owner, key, code);
      }
    }
  }

  /** True when `owner` already holds the key, false when nobody does; throws `code` when another stream does. */
  private async alreadyHeld(stream: string, owner: string, key: string, code: string): Promise<boolean> {
    const [claim] = await this.histories.load(stream);
    if (!claim) return false;
    const holder = claim.data.owner;
    if (holder !== owner) throw new DomainError(code, `${key} already belongs to ${String(holder)}`, { key, holder });
    return true;
  }
}
