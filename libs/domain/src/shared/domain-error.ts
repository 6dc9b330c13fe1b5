/**
 * Every rule the domain enforces fails with one of these stable codes. The API maps each code to an
 * HTTP status and a problem type in one place, so a code must never be renamed once released.
 */
export type DomainErrorCode =
  | 'goal-not-found'
  | 'goal-already-exists'
  | 'goal-discontinued'
  | 'status-transition-forbidden'
  | 'revision-changes-nothing'
  | 'occurred-in-future'
  | 'occurred-before-latest';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Facts a client needs to correct the request, e.g. the allowed transitions. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
