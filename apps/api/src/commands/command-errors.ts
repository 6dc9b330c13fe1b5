import { DomainError, defineErrors } from '#domain';

/** The rules of the command path itself, around every aggregate's own. */
export const COMMAND_ERRORS = defineErrors({
  'precondition-failed': { kind: 'precondition', title: 'The resource is not at the revision given in If-Match' },
  'revision-conflict': { kind: 'conflict', title: 'The resource was changed concurrently' },
  'idempotency-key-reused': { kind: 'unprocessable', title: 'The Idempotency-Key was used for a different request' },
  'event-malformed': { kind: 'unprocessable', title: 'The request would record a fact that does not match its schema' },
});

/** An error of the command path (not of one aggregate's rules). */
export class CommandError extends DomainError {
  constructor(code: keyof typeof COMMAND_ERRORS, message: string, details: Readonly<Record<string, unknown>> = {}, readonly retryAfterSeconds?: number) {
    super(code, message, details);
    this.name = 'CommandError';
  }
}
