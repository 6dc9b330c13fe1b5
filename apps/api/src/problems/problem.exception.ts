import { PROBLEM_KINDS, type FieldError, type ProblemKind } from './problem-types.js';

/** Thrown anywhere in the API layer; the problem filter turns it into an application/problem+json answer. */
export class ProblemException extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  static goalNotFound(goalId: string): ProblemException {
    return new ProblemException('goal-not-found', `Goal ${goalId} does not exist`, { goalId });
  }

  static validation(errors: readonly FieldError[]): ProblemException {
    const names = errors.map((e) => e.field).join(', ');
    return new ProblemException('validation-failed', `Invalid ${errors.length === 1 ? 'field' : 'fields'}: ${names}`, { errors });
  }
}
