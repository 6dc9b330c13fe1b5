import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { EventMetadata, EventStore } from '#event-store';
import type { WriteContext } from '../http/write-context.js';
import { CommandError } from './command-errors.js';

/** Namespace of the event ids derived from Idempotency-Keys (UUIDv5). */
const IDEMPOTENCY_NAMESPACE = '6f1d3c52-52a4-4d57-9a63-2b1f1b0c8e41';

/** What the first request with an Idempotency-Key wrote: the stream and its last event. */
export interface FirstAnswer {
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * Idempotency-Key: the ids of a request's events are derived from actor, key and index (so a key is scoped
 * to the authenticated identity: another caller's key never replays this one's answer), so a retried
 * request finds its first event by id, and two racing retries append the same ids, of which the store
 * keeps one. A key reused for another request (another fingerprint) is refused.
 */
export class Idempotency {
  constructor(
    private readonly store: EventStore,
    private readonly context: WriteContext,
  ) {}

  eventId(index: number): string {
    const { identity: { actor }, idempotencyKey } = this.context;
    return idempotencyKey === undefined ? uuidv7() : uuidv5(`${actor}\n${idempotencyKey}\n${index}`, IDEMPOTENCY_NAMESPACE);
  }

  metadata(occurredAt: string, causationId: string | null = null, command?: string): EventMetadata {
    const { identity: { actor }, correlationId, idempotencyKey, fingerprint } = this.context;
    return {
      actor,
      correlationId,
      causationId,
      occurredAt,
      ...(command === undefined ? {} : { command }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestFingerprint: fingerprint }),
    };
  }

  /** The answer of the first request with this key, or undefined when the key is new (or absent). */
  async firstAnswer(): Promise<FirstAnswer | undefined> {
    const { idempotencyKey, fingerprint, identity: { actor } } = this.context;
    if (idempotencyKey === undefined) return undefined;
    const first = await this.store.readEvent(this.eventId(0));
    if (!first) return undefined;
    if (first.metadata.requestFingerprint !== fingerprint) {
      throw new CommandError('idempotency-key-reused', 'This Idempotency-Key was already used for a different request');
    }
    const batch = (await this.store.readStream(first.stream, { fromRevision: first.revision })).filter(
      (event) => event.metadata.idempotencyKey === idempotencyKey && event.metadata.actor === actor,
    );
    // The batch holds at least the first event, which carries this key and actor.
    const last = batch.at(-1) ?? first;
    return { stream: first.stream, revision: last.revision, position: last.position };
  }
}
