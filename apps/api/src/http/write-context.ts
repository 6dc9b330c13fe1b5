import type { Request } from 'express';
import type { Identity } from '../access/identity.js';
import type { FieldError } from '../problems/problem-types.js';

/** Who is writing and under which conditions, taken from the request headers. */
export interface WriteContext {
  /** Who writes, as authenticated; its actor is recorded on every event and scopes the Idempotency-Key. */
  readonly identity: Identity;
  readonly correlationId: string;
  /** If-Match: the revisions the client accepts, or '*' for "the goal exists"; undefined without the header. */
  readonly ifMatch?: readonly number[] | '*';
  readonly idempotencyKey?: string;
  /** Hash of method, path and body: a reused Idempotency-Key with another request is refused. */
  readonly fingerprint: string;
  /** The event that caused this write, when a process reacts to one (e.g. a review proposing a status). */
  readonly causationId?: string;
}

const VISIBLE_ASCII = (max: number) => new RegExp(`^[\\x21-\\x7e]{1,${max}}$`);
const IDEMPOTENCY_KEY = VISIBLE_ASCII(255);
const STRONG_ETAG = /^"(0|[1-9]\d{0,14})"$/;

/**
 * Reads the write headers; each bad one is added to `errors` so that it is reported with the rest. The
 * identity is the one the access guard authenticated (it runs before any handler).
 */
export function readWriteHeaders(request: Request, errors: FieldError[]): Omit<WriteContext, 'fingerprint'> {
  if (!request.identity) throw new Error(`${request.method} ${request.path} reads write headers without an authenticated identity`);
  const invalid = (field: string, message: string) => errors.push({ location: 'header', field, messages: [message] });

  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    invalid('Idempotency-Key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }

  const ifMatch = parseIfMatch(request.header('if-match'));
  if (ifMatch === null) invalid('If-Match', 'If-Match must be "*" or a list of strong ETags of this API, e.g. "3"');

  return { identity: request.identity, correlationId: request.correlationId ?? '', ifMatch: ifMatch ?? undefined, idempotencyKey };
}

/** RFC 9110 If-Match: `*` or a comma-separated list of strong entity tags; null when malformed. */
function parseIfMatch(header: string | undefined): readonly number[] | '*' | null | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  const revisions = header.split(',').map((tag) => STRONG_ETAG.exec(tag.trim())?.[1]);
  return revisions.every((revision) => revision !== undefined) ? revisions.map(Number) : null;
}
