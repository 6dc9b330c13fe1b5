/** Injection token of the EventStore port (see design.md §4). */
export const EVENT_STORE = Symbol('EventStore');

/**
 * The revision a writer expects the stream to be at: an exact revision (the first event of a stream
 * has revision 0), `'no-stream'` when the stream must not exist yet, or `'any'` to skip the check.
 */
export type ExpectedRevision = number | 'no-stream' | 'any';

/** Who caused an event, why, and when it happened in the world. */
export interface EventMetadata {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** World time, given by the client (e.g. the date a review was held). */
  readonly occurredAt: string;
  /** The command that decided the event (e.g. `ChangeGoalStatus`), for the audit log; absent on older events. */
  readonly command?: string;
  /** Set on events written by a request that carried an Idempotency-Key. */
  readonly idempotencyKey?: string;
  /** Fingerprint of that request, so a reused key with another payload is recognised. */
  readonly requestFingerprint?: string;
}

export interface NewEvent {
  /** A UUID; appending an id that is already stored in the stream is a no-op. */
  readonly id: string;
  readonly type: string;
  /** Version of the event's data shape, for upcasting when read (default 1). */
  readonly schemaVersion?: number;
  readonly data: object;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  /** Position in the whole log: strictly increasing, never reused, possibly with gaps. */
  readonly position: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata & {
    /** System time: when the store recorded the event. */
    readonly recordedAt: string;
  };
}

export interface AppendResult {
  /** Revision of the last event of the batch, i.e. the stream's revision after the append. */
  readonly revision: number;
  /** Global position of the last event of the batch. */
  readonly position: number;
  /** True when every event id was already stored, so nothing was appended. */
  readonly duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First revision to return (default 0). */
  readonly fromRevision?: number;
  readonly limit?: number;
}

export interface ReadAllOptions {
  /** Return events with a position strictly greater than this (0 = from the start). */
  readonly after: number;
  readonly limit: number;
}

export interface SubscribeOptions {
  /** Deliver events with a position strictly greater than this checkpoint. */
  readonly after: number;
  /** Receives events in position order; the next batch comes only after the promise resolves. */
  readonly onEvents: (events: RecordedEvent[]) => Promise<void> | void;
  readonly batchSize?: number;
}

export interface Subscription {
  /** Settles when the subscription ends: resolves after `close()`, rejects when `onEvents` throws. */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of the whole log in position order: always a gap-free prefix of what will be committed. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  readEvent(id: string): Promise<RecordedEvent | undefined>;
  /**
   * Position of the last event `readAll` can return (0 when the log is empty): everything up to it is
   * committed, so it is a safe checkpoint. It may briefly lag an append that was already acknowledged
   * while an append that started earlier is still in flight (see docs/event-store.md, "Ordering").
   */
  headPosition(): Promise<number>;
  /** Catch-up subscription: replays from the checkpoint, then delivers live appends. */
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
