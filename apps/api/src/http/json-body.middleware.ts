import type { NextFunction, Request, Response } from 'express';
import { ProblemException, toProblem } from '../problems/problem.exception.js';

/**
 * A write whose body is not JSON would otherwise reach validation as an empty object and be answered
 * with a list of missing fields; 415 says what is actually wrong.
 */
export function requireJsonBody(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.header('content-length') ?? 0) > 0 || request.header('transfer-encoding') !== undefined;
  if (request.method !== 'POST' || !hasBody || request.is('application/json')) return next();
  const problem = toProblem(
    new ProblemException('unsupported-media-type', `Content-Type ${request.header('content-type') ?? '(none)'} is not application/json`),
    request.originalUrl,
  );
  response.status(problem.status).type('application/problem+json').json(problem);
}
