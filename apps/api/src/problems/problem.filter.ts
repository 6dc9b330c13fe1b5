import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '#domain';
import { EventIdConflictError, EventStoreUnavailableError, WrongExpectedRevisionError } from '#event-store';
import { ProjectionSuperseded } from '#projections';
import { ProblemException, toProblem } from './problem.exception.js';
import { CommandError } from '../commands/command-errors.js';
import { answeredByDeadline } from '../http/request-deadline.middleware.js';

/** The one place where errors become HTTP answers: every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const exception = toProblemException(error, request);
    const problem = toProblem(exception, request.originalUrl);
    if (answeredByDeadline(response)) {
      // The client already has its 503 (and may retry with its Idempotency-Key); the handler finishing late,
      // e.g. setting headers on the answer sent, is expected and no error of this instance.
      this.logger.debug(`${request.method} ${request.originalUrl} ended after its deadline answered: ${describe(error)}`);
      return;
    }
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.originalUrl}: ${describe(error)}`, stackOf(error));
    if (response.headersSent) return;
    if (exception.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    // RFC 9110 §11.6.1: a 401 names the scheme the credentials are expected in.
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="goal-ledger"');
    response.status(problem.status).type('application/problem+json').json(problem);
  }
}

function toProblemException(error: unknown, request: Request): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof DomainError) {
    return new ProblemException(error.code, error.message, error.details, error instanceof CommandError ? error.retryAfterSeconds : undefined);
  }
  if (error instanceof WrongExpectedRevisionError) {
    return new ProblemException('revision-conflict', 'The resource changed while the request was processed; retry it', { currentRevision: error.actual });
  }
  if (error instanceof EventIdConflictError) {
    return new ProblemException('idempotency-key-conflict', 'The events of this request clash with events already stored');
  }
  if (error instanceof EventStoreUnavailableError) return new ProblemException('service-unavailable', 'Try again shortly', {}, 1);
  if (error instanceof ProjectionSuperseded) return new ProblemException('projection-superseded', error.message);
  if (error instanceof HttpException && error.cause instanceof URIError) {
    // Express refuses the encoding before routing, so the name of the path parameter is not known.
    return ProblemException.validation([{ location: 'path', field: '(path)', messages: [`${error.cause.message}: not valid percent-encoding`] }]);
  }
  const bodyParserKind = bodyParserProblem(error, request);
  if (bodyParserKind === 'content-encoding-mismatch') {
    const encoding = request.header('content-encoding');
    return new ProblemException(bodyParserKind, `The body is not ${encoding}-encoded as Content-Encoding says`, { errors: [{ location: 'header', field: 'Content-Encoding', messages: [`the body is not ${encoding}`] }] });
  }
  if (bodyParserKind === 'malformed-json' && isScalarJson(error)) {
    // body-parser's strict mode refuses `null`, `1` or `"x"` with a JSON syntax error; they are JSON, only not an object.
    return ProblemException.validation([{ location: 'body', field: '(body)', messages: ['the body must be a JSON object'] }]);
  }
  if (bodyParserKind) return new ProblemException(bodyParserKind, (error as Error).message);
  if (error instanceof HttpException) return fromHttpException(error);
  return new ProblemException('internal-error', 'The error was logged');
}

/**
 * body-parser marks its errors with a `type`. The one error it reads without a type is the
 * decompressor's: the body is not what Content-Encoding claims.
 */
function bodyParserProblem(error: unknown, request: Request): string | undefined {
  const original = unwrapped(error);
  const type = typeof original === 'object' && original !== null && 'type' in original ? original.type : undefined;
  const zlibError = typeof original === 'object' && original !== null && 'errno' in original && typeof original.errno === 'number';
  if (type === undefined && zlibError && (request.header('content-encoding') ?? 'identity') !== 'identity') return 'content-encoding-mismatch';
  switch (type) {
    case 'entity.encoding.invalid':
      return 'body-not-utf8';
    case 'entity.parse.failed':
      return 'malformed-json';
    case 'entity.too.large':
      return 'payload-too-large';
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return 'unsupported-media-type';
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return 'validation-failed';
    default:
      return undefined;
  }
}

/** body-parser's error as Nest's Express adapter passes it on: wrapped as the `cause` of an HttpException. */
const unwrapped = (error: unknown): unknown => (error instanceof HttpException && error.cause !== undefined ? error.cause : error);

/** Whether the body body-parser refused is JSON after all: a scalar, which its strict mode does not take. */
function isScalarJson(error: unknown): boolean {
  const original = unwrapped(error);
  const body = typeof original === 'object' && original !== null && 'body' in original ? original.body : undefined;
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** Nest's own HttpExceptions (an unknown route, for instance) by status. */
const HTTP_STATUS_KINDS: Readonly<Record<number, string>> = {
  400: 'validation-failed',
  404: 'not-found',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

function fromHttpException(error: HttpException): ProblemException {
  const kind = HTTP_STATUS_KINDS[error.getStatus()];
  return kind ? new ProblemException(kind, error.message) : new ProblemException('internal-error', 'The error was logged');
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}
