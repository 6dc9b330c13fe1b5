import { registeredErrors, type ErrorKind } from '#domain';
import '../commands/command-errors.js';

/**
 * The problems the HTTP layer answers with itself. Rules of the domain and of the command path are in
 * the error registry (`defineErrors`); together they are every problem kind of the API. The `type` URI of
 * a problem is `urn:goal-ledger:problem:<kind>` and never changes once released; docs/api.md lists them.
 */
export const HTTP_PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'body-not-utf8': { status: 400, title: 'The request body is not valid UTF-8' },
  'content-encoding-mismatch': { status: 400, title: 'The request body is not encoded as its Content-Encoding says' },
  'malformed-request': { status: 400, title: 'The request is not valid HTTP' },
  unauthenticated: { status: 401, title: 'The request carries no valid credentials' },
  forbidden: { status: 403, title: 'The caller may not do this' },
  'not-found': { status: 404, title: 'No such resource' },
  'idempotency-key-conflict': { status: 409, title: 'The Idempotency-Key clashes with another request' },
  'api-key-shown-once': { status: 409, title: 'This request issued its API key before, and a key is shown only once' },
  'tree-size-not-reached': { status: 409, title: 'The log\'s tree has not reached this size' },
  'projection-superseded': { status: 409, title: 'A newer version of this read model is running elsewhere' },
  'process-manager-not-rebuilt': { status: 409, title: 'A process manager is not rebuilt: replaying it would send its commands again' },
  'request-timeout': { status: 408, title: 'The request did not arrive in time' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'too-many-requests': { status: 429, title: 'Too many requests from this caller; retry after the time given' },
  'header-too-large': { status: 431, title: 'The request line and headers are too large' },
  'service-unavailable': { status: 503, title: 'The event store is unavailable' },
  'response-timeout': { status: 503, title: 'The answer took longer than the request timeout' },
  'internal-error': { status: 500, title: 'An unexpected error occurred' },
} as const satisfies Record<string, ProblemDefinition>;

export interface ProblemDefinition {
  readonly status: number;
  readonly title: string;
}

/** How each kind of broken rule is answered. */
const STATUS_OF: Readonly<Record<ErrorKind, number>> = { invalid: 400, 'not-found': 404, conflict: 409, precondition: 412, unprocessable: 422 };

export function problemDefinition(kind: string): ProblemDefinition | undefined {
  if (Object.hasOwn(HTTP_PROBLEMS, kind)) return HTTP_PROBLEMS[kind as keyof typeof HTTP_PROBLEMS];
  const error = registeredErrors().get(kind);
  return error && { status: STATUS_OF[error.kind], title: error.title };
}

/** Every problem kind the API can answer with, by status. */
export function allProblems(): [string, ProblemDefinition][] {
  const kinds = [...Object.keys(HTTP_PROBLEMS), ...registeredErrors().keys()];
  return kinds.map((kind) => [kind, problemDefinition(kind) as ProblemDefinition] as [string, ProblemDefinition]).sort((a, b) => a[1].status - b[1].status);
}

export const problemType = (kind: string): string => `urn:goal-ledger:problem:${kind}`;

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
