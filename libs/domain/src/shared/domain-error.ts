/**
 * What kind of rule an error breaks, independent of HTTP: the API maps each kind to a status in one
 * place (invalid → 400, not-found → 404, conflict → 409, precondition → 412, unprocessable → 422).
 */
export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'precondition' | 'unprocessable';

export interface ErrorDefinition {
  readonly kind: ErrorKind;
  /** One line, the same for every occurrence; the message says what happened this time. */
  readonly title: string;
}

const registry = new Map<string, ErrorDefinition>();

/**
 * The open registry of error codes: every aggregate contributes the codes its rules fail with. A code is
 * part of the API (it becomes the problem type) and must never be renamed once released.
 */
export function defineErrors<Code extends string>(definitions: Readonly<Record<Code, ErrorDefinition>>): Readonly<Record<Code, ErrorDefinition>> {
  for (const [code, definition] of Object.entries<ErrorDefinition>(definitions)) {
    const known = registry.get(code);
    if (known && (known.kind !== definition.kind || known.title !== definition.title)) {
      throw new Error(`Error code ${code} is defined twice with different meanings`);
    }
    registry.set(code, definition);
  }
  return definitions;
}

/** Every registered error code with its definition, e.g. for the API's list of problem types. */
export function registeredErrors(): ReadonlyMap<string, ErrorDefinition> {
  return registry;
}

export function errorDefinition(code: string): ErrorDefinition | undefined {
  return registry.get(code);
}

/** A rule broken: raised by deciders and by the application around them, with a registered code. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Facts a client needs to correct the request, e.g. the allowed transitions. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
    if (!registry.has(code)) throw new Error(`Error code ${code} is not registered (defineErrors)`);
  }

  get kind(): ErrorKind {
    return (registry.get(this.code) as ErrorDefinition).kind;
  }
}
