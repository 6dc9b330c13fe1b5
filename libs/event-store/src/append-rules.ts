import { EventIdConflictError, WrongExpectedRevisionError } from './errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from './event-store.port.js';

/** The rules every adapter applies inside its append transaction, so they cannot drift apart. */

/** An event of the batch that is already stored, as far as the idempotency check needs it. */
export interface StoredId {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * A retried append (every id already stored in this stream) is answered with the stored result;
 * a partial or cross-stream overlap is refused. Returns undefined when no id is stored yet.
 */
export function resolveRetry(stream: string, events: readonly NewEvent[], stored: readonly StoredId[]): AppendResult | undefined {
  if (stored.length === 0) return undefined;
  const uniqueIds = new Set(events.map((event) => event.id));
  if (stored.length !== uniqueIds.size || uniqueIds.size !== events.length || stored.some((s) => s.stream !== stream)) {
    throw new EventIdConflictError(stream, stored.map((s) => s.id));
  }
  const last = stored.reduce((a, b) => (b.position > a.position ? b : a));
  return { revision: last.revision, position: last.position, duplicate: true };
}

/** Throws unless the stream's current revision (-1 when it has no events) matches the expectation. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, current: number): void {
  const matches = expected === 'any' || (expected === 'no-stream' ? current === -1 : current === expected);
  if (!matches) throw new WrongExpectedRevisionError(stream, expected, current === -1 ? 'no-stream' : current);
}

/** Rejects what no adapter can store (including a batch that repeats an id), before any I/O. */
export function assertAppendable(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (stream.length === 0) throw new TypeError('A stream name must not be empty');
  if (events.length === 0) throw new TypeError(`An append to ${stream} needs at least one event`);
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0)) {
    throw new TypeError(`Expected revision ${expected} is not a revision`);
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { id } of events) (seen.has(id) ? repeated : seen).add(id);
  if (repeated.size > 0) throw new EventIdConflictError(stream, [...repeated]);
}
