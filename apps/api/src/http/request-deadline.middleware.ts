import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProblemException, toProblem } from '../problems/problem.exception.js';

/**
 * A request gets `timeoutMs` to arrive and to start being answered. A client that trickles its body
 * (slowloris) gets 408 and its connection closed; a handler still busy gets 503 with Retry-After. An answer
 * already started (the live feed, an NDJSON range) runs on. A write answered 503 may still be recorded:
 * a retry with the same Idempotency-Key then gets its first answer.
 */
const ANSWERED = 'answeredByDeadline';

/** Whether the deadline answered this request: what its handler does afterwards reaches nobody. */
export const answeredByDeadline = (response: Response): boolean => response.locals[ANSWERED] === true;

export function requestDeadline(timeoutMs: number): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (response.headersSent) return;
      const arrived = request.complete;
      const exception = arrived
        ? new ProblemException('response-timeout', `No answer was ready within ${timeoutMs} ms; retry shortly`, {}, 1)
        : new ProblemException('request-timeout', `The request did not arrive within ${timeoutMs} ms`);
      const problem = toProblem(exception, request.originalUrl);
      // The rest of a body that did not arrive in time is not worth waiting for.
      if (!arrived) response.setHeader('Connection', 'close');
      if (exception.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      response.locals[ANSWERED] = true;
      response.status(problem.status).type('application/problem+json').json(problem);
    }, timeoutMs);
    response.on('close', () => clearTimeout(timer));
    next();
  };
}
