import type { DomainErrorCode } from '#domain';

/**
 * Every kind of error the API answers with. The `type` URI of a problem is `urn:goal-ledger:problem:<kind>`
 * and never changes once released; docs/api.md lists them all.
 */
export const PROBLEM_KINDS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'occurred-in-future': { status: 400, title: 'occurredAt lies in the future' },
  'not-found': { status: 404, title: 'No such resource' },
  'goal-not-found': { status: 404, title: 'The goal does not exist' },
  'goal-already-exists': { status: 409, title: 'A goal with this id already exists' },
  'goal-discontinued': { status: 409, title: 'The goal is discontinued' },
  'status-transition-forbidden': { status: 409, title: 'The status workflow forbids this change' },
  'revision-changes-nothing': { status: 409, title: 'The revision changes nothing' },
  'occurred-before-latest': { status: 409, title: "occurredAt lies before the goal's latest event" },
  'revision-conflict': { status: 409, title: 'The goal was changed concurrently' },
  'idempotency-key-conflict': { status: 409, title: 'The Idempotency-Key clashes with another request' },
  'projection-superseded': { status: 409, title: 'A newer version of this read model is running elsewhere' },
  'precondition-failed': { status: 412, title: 'The goal is not at the revision given in If-Match' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'idempotency-key-reused': { status: 422, title: 'The Idempotency-Key was used for a different request' },
  'service-unavailable': { status: 503, title: 'The event store is unavailable' },
  'internal-error': { status: 500, title: 'An unexpected error occurred' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** Domain errors keep their code as the problem kind; the table above gives the status. */
export const DOMAIN_ERROR_KINDS: Record<DomainErrorCode, ProblemKind> = {
  'goal-not-found': 'goal-not-found',
  'goal-already-exists': 'goal-already-exists',
  'goal-discontinued': 'goal-discontinued',
  'status-transition-forbidden': 'status-transition-forbidden',
  'revision-changes-nothing': 'revision-changes-nothing',
  'occurred-in-future': 'occurred-in-future',
  'occurred-before-latest': 'occurred-before-latest',
};

export const problemType = (kind: ProblemKind): string => `urn:goal-ledger:problem:${kind}`;

/** One offending input: where it was sent, its name, and what is wrong with it. */
export interface FieldError {
  readonly location: 'body' | 'query' | 'path' | 'header';
  readonly field: string;
  readonly messages: readonly string[];
}

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}
