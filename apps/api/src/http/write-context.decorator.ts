import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Request } from 'express';
import { ProblemException } from '../problems/problem.exception.js';
import type { FieldError } from '../problems/problem-types.js';

/** Who is writing and under which conditions, taken from the request headers. */
export interface WriteContext {
  /** Recorded on every event; from X-Actor until authentication exists. */
  readonly actor: string;
  readonly correlationId: string;
  /** The stream revision the client expects, from If-Match. */
  readonly ifMatch?: number;
  readonly idempotencyKey?: string;
  /** Hash of method, path and body: a reused Idempotency-Key with another request is refused. */
  readonly fingerprint: string;
}

const ACTOR = /^[\x21-\x7e]{1,128}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const STRONG_ETAG = /^"(0|[1-9]\d{0,14})"$/;

export function readWriteContext(request: Request): WriteContext {
  const errors: FieldError[] = [];
  const invalid = (field: string, message: string) => errors.push({ location: 'header', field, messages: [message] });

  const actor = request.header('x-actor') ?? 'anonymous';
  if (!ACTOR.test(actor)) invalid('X-Actor', 'X-Actor must be 1 to 128 visible ASCII characters');

  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    invalid('Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }

  const ifMatchHeader = request.header('if-match');
  const ifMatch = ifMatchHeader === undefined ? undefined : STRONG_ETAG.exec(ifMatchHeader.trim())?.[1];
  if (ifMatchHeader !== undefined && ifMatch === undefined) {
    invalid('If-Match', 'If-Match must be one strong ETag of this API, e.g. "3"');
  }

  if (errors.length > 0) throw ProblemException.validation(errors);
  return {
    actor,
    correlationId: request.correlationId ?? '',
    ifMatch: ifMatch === undefined ? undefined : Number(ifMatch),
    idempotencyKey,
    fingerprint: createHash('sha256')
      .update(`${request.method} ${request.path}\n${canonicalize(request.body ?? null) ?? ''}`)
      .digest('base64url'),
  };
}

/** Parameter decorator: the WriteContext of the current request (validated; 400 naming each bad header). */
export const Write = createParamDecorator((_: unknown, context: ExecutionContext) =>
  readWriteContext(context.switchToHttp().getRequest<Request>()),
);
