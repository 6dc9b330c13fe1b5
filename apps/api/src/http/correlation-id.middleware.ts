import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

declare module 'express' {
  interface Request {
    correlationId?: string;
  }
}

/**
 * Every request carries a correlation id: the client's X-Correlation-Id when it is usable, else a new
 * one. It is echoed in the response and recorded in the metadata of every event the request writes.
 */
export function correlationId(request: Request, response: Response, next: NextFunction): void {
  const given = request.header('x-correlation-id');
  request.correlationId = given && ACCEPTABLE.test(given) ? given : randomUUID();
  response.setHeader('X-Correlation-Id', request.correlationId);
  next();
}
