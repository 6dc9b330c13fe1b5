import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext, type Type } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Request } from 'express';
import { ProblemException } from '../problems/problem.exception.js';
import type { FieldError } from '../problems/problem-types.js';
import { refuseAllFields, validateInput } from '../problems/validate-input.js';
import { IDENTIFIER, IDENTIFIER_RULE } from './validators.js';
import { readWriteHeaders, type WriteContext } from './write-context.js';

export interface RequestInputSpec {
  readonly body?: Type<object>;
  /** Without a query DTO, any query parameter is refused as unknown. */
  readonly query?: Type<object>;
  /** Validates the `{id}` path segment. */
  readonly goalId?: boolean;
  /** Path segments that are ids (e.g. `['id', 'phaseId']`), each validated as one. */
  readonly path?: readonly string[];
  /** Reads the write headers (If-Match, Idempotency-Key) and the identity the access guard authenticated. */
  readonly write?: boolean;
}

export interface RequestInput<Body = never, Query = never> {
  readonly goalId: string;
  readonly path: Readonly<Record<string, string>>;
  readonly body: Body;
  readonly query: Query;
  readonly write: WriteContext;
}

/**
 * Validates a request's path, headers, query and body together, so that one validation problem names
 * every offending input, wherever it was sent. (Separate Nest pipes would each stop at their own.)
 */
export const ValidRequest = createParamDecorator((spec: RequestInputSpec, context: ExecutionContext): RequestInput<object, object> => {
  const request = context.switchToHttp().getRequest<Request>();
  const errors: FieldError[] = [];

  const names = [...(spec.goalId ? ['id'] : []), ...(spec.path ?? [])];
  const path = Object.fromEntries(names.map((name) => [name, String(request.params[name])]));
  for (const [name, value] of Object.entries(path)) {
    if (!IDENTIFIER.test(value)) errors.push({ location: 'path', field: name, messages: [`${name} must be ${IDENTIFIER_RULE}`] });
  }
  const goalId = spec.goalId ? path.id : '';
  const headers = spec.write ? readWriteHeaders(request, errors) : undefined;
  const query = spec.query ? validateInput(spec.query, request.query, 'query') : { value: undefined, errors: refuseAllFields(request.query, 'query') };
  const body = spec.body ? validateInput(spec.body, request.body, 'body') : { value: undefined, errors: [] };
  errors.push(...query.errors, ...body.errors);

  if (errors.length > 0) throw ProblemException.validation(sortByLocation(errors));
  return {
    goalId,
    path,
    query: query.value as object,
    body: body.value as object,
    write: headers && { ...headers, fingerprint: headers.idempotencyKey === undefined ? '' : fingerprint(request) },
  } as RequestInput<object, object>;
});

/**
 * Only computed for idempotent requests, after validation. A body whose free-form part (a correction's
 * `changes`) holds what RFC 8785 cannot express (a lone surrogate, a number beyond double range) is refused
 * by the domain afterwards and records nothing, so its plain serialisation serves.
 */
function fingerprint(request: Request): string {
  return createHash('sha256').update(`${request.method} ${request.path}\n${canonicalOrPlain(request.body ?? null)}`).digest('base64url');
}

function canonicalOrPlain(body: unknown): string {
  try {
    return canonicalize(body) ?? '';
  } catch {
    return JSON.stringify(body);
  }
}

const LOCATION_ORDER = ['path', 'header', 'query', 'body'];

function sortByLocation(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => LOCATION_ORDER.indexOf(a.location) - LOCATION_ORDER.indexOf(b.location));
}
