import { v5 as uuidv5 } from 'uuid';
import { claimStream, DomainError, effectiveHistory, eventOf, KEY_CLAIMED, streamIdOf, type DomainEvent, type Fact, type UniqueKey } from '#domain';
import { WrongExpectedRevisionError, type EventMetadata, type EventStore, type RecordedEvent } from '#event-store';
import type { StreamHistories } from './stream-histories.js';

/** Namespace of claim event ids: one id per key, owner and place in the claim stream, so a retried claim is a no-op. */
const CLAIM_NAMESPACE = 'a3f4e1c0-6d2b-4f5e-9b8a-7c1d2e3f4a5b';

/**
 * How long a claim whose owner has never recorded the key counts as an append still on its way. The
 * command path appends right after claiming and gives up within its retry deadline (seconds), so a claim
 * this old belongs to a decision that lost its race or failed.
 */
export const UNUSED_CLAIM_GRACE_MS = 60_000;

/** Which keys an aggregate's events hold (`Decider.uniqueKeys`), and which streams are its own. */
export interface KeyOwners {
  readonly category: string;
  uniqueKeys(event: DomainEvent): readonly UniqueKey[];
}

/**
 * Uniqueness across streams (e.g. one official key per municipality), enforced by the store and not by a
 * read-then-write check two requests could both pass: each key has a claim stream, and its latest
 * `KeyClaimed` names the owner; a claim is appended with the claim stream's revision as read, so of two
 * claimants only one wins. A key whose owner no longer holds it (its registration was retracted) is free
 * again at once; one its owner never recorded (the claimant lost its race, or failed before appending) is
 * free once `UNUSED_CLAIM_GRACE_MS` have passed.
 */
export class KeyClaims {
  constructor(
    private readonly store: EventStore,
    private readonly histories: StreamHistories,
    private readonly now: () => Date,
  ) {}

  async claim(owner: string, keys: readonly UniqueKey[], owners: KeyOwners, metadata: EventMetadata): Promise<void> {
    for (const unique of keys) await this.claimOne(owner, unique, owners, metadata);
  }

  private async claimOne(owner: string, { key, code }: UniqueKey, owners: KeyOwners, metadata: EventMetadata): Promise<void> {
    const stream = claimStream(key);
    for (;;) {
      const claims = await this.store.readStream(stream);
      const latest = claims.at(-1);
      if (latest && latest.data.owner === owner) return;
      if (latest && !(await this.released(latest, key, owners))) {
        throw new DomainError(code, `${key} already belongs to ${String(latest.data.owner)}`, { key, holder: latest.data.owner });
      }
      const revision = latest?.revision ?? -1;
      const event = { id: uuidv5(`${key}\n${owner}\n${revision}`, CLAIM_NAMESPACE), type: KEY_CLAIMED, data: { key, owner }, metadata };
      try {
        await this.store.append(stream, [event], latest ? revision : 'no-stream');
        return;
      } catch (error) {
        // Another claimant came first: look again at who holds the key now.
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
  }

  /** Whether the holder of `claim` has let the key go: it no longer holds it, or never recorded it in time. */
  private async released(claim: RecordedEvent, key: string, owners: KeyOwners): Promise<boolean> {
    const holder = String(claim.data.owner);
    // Only an aggregate's own streams can be judged by its keys.
    if (streamIdOf(owners.category, holder) === undefined) return false;
    const facts = await this.histories.load(holder);
    const holds = (history: readonly Fact[]) => history.some((fact) => owners.uniqueKeys(eventOf(fact)).some((unique) => unique.key === key));
    if (holds(effectiveHistory(facts))) return false;
    if (holds(facts)) return true;
    return this.now().getTime() - Date.parse(claim.metadata.recordedAt) > UNUSED_CLAIM_GRACE_MS;
  }
}
