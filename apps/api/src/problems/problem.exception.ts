import { problemDefinition, problemType, type FieldError, type Problem, type ProblemDefinition } from './problem-types.js';

/** Thrown in the HTTP layer; the problem filter turns it into an application/problem+json answer. */
export class ProblemException extends Error {
  readonly definition: ProblemDefinition;

  constructor(
    readonly kind: string,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    /** Seconds for a Retry-After header (409 after the retry deadline, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'ProblemException';
    const definition = problemDefinition(kind);
    if (!definition) throw new Error(`Problem kind ${kind} is neither an HTTP problem nor a registered error`);
    this.definition = definition;
  }

  get status(): number {
    return this.definition.status;
  }

  static validation(errors: readonly FieldError[]): ProblemException {
    const names = errors.map((e) => e.field).join(', ');
    return new ProblemException('validation-failed', `Invalid ${errors.length === 1 ? 'field' : 'fields'}: ${names}`, { errors });
  }
}

/** The application/problem+json body of `exception`, answered for the request at `instance`. */
export function toProblem(exception: ProblemException, instance: string): Problem {
  const { status, title } = exception.definition;
  return { type: problemType(exception.kind), title, status, detail: exception.detail, instance, ...exception.extensions };
}
