import type { ExpectedRevision } from './event-store.port.js';

/** The stream is not at the revision the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no-stream'. */
    readonly actual: number | 'no-stream',
  ) {
    super(`Stream ${stream} is at revision ${actual}, expected ${expected}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * An append reuses event ids in a way that is not a plain retry: some of them are stored and others
 * not, they belong to another stream, or the batch repeats an id.
 */
export class EventIdConflictError extends Error {
  constructor(readonly stream: string, readonly eventIds: readonly string[]) {
    super(`Event ids ${eventIds.join(', ')} conflict with events already stored or in the same batch`);
    this.name = 'EventIdConflictError';
  }
}

/** The store could not be reached or refused the operation for a reason that is not the caller's. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An event whose data does not match its type's current schema: refused before anything is written. */
export class MalformedEventError extends Error {
  constructor(
    readonly stream: string,
    readonly type: string,
    readonly issues: readonly { field: string; message: string }[],
  ) {
    super(`${type} for ${stream} does not match its schema: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
    this.name = 'MalformedEventError';
  }
}
