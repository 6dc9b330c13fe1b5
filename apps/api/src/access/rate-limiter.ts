import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitInfo, type RateLimitRequestHandler } from 'express-rate-limit';
import type { AppConfig } from '../config/app-config.js';
import { ProblemException } from '../problems/problem.exception.js';
import { APP_CONFIG } from '../storage/storage.module.js';

declare module 'express' {
  interface Request {
    rateLimitKey?: string;
  }
}

/**
 * express-rate-limit, run by the access guard once the caller is known: counted per identity, or per IP
 * address for requests without valid credentials (so that keys cannot be guessed at full speed). The
 * counts live in this instance's memory: with n instances behind a balancer, a caller gets up to n times
 * the limit.
 */
@Injectable()
export class RateLimiter {
  private readonly limiter: RateLimitRequestHandler | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter =
      config.rateLimit === 0
        ? undefined
        : rateLimit({
            windowMs: config.rateLimitWindowMs,
            limit: config.rateLimit,
            standardHeaders: 'draft-7',
            legacyHeaders: false,
            keyGenerator: (request) => request.rateLimitKey ?? ipKeyGenerator(request.ip ?? ''),
            handler: (request, _response, next) => next(tooManyRequests(request)),
          });
  }

  /** Counts the request against `key`; rejects with 429 once the caller is over its limit. */
  take(request: Request, response: Response, key: string): Promise<void> {
    const limiter = this.limiter;
    if (!limiter) return Promise.resolve();
    request.rateLimitKey = key;
    return new Promise((resolve, reject) => {
      void limiter(request, response, (error?: unknown) => (error === undefined ? resolve() : reject(error)));
    });
  }

  /** The key of a request that carries no valid credentials. */
  static anonymousKey(request: Request): string {
    return `ip:${ipKeyGenerator(request.ip ?? '')}`;
  }
}

function tooManyRequests(request: Request & { rateLimit?: RateLimitInfo }): ProblemException {
  const resetTime = request.rateLimit?.resetTime;
  const seconds = resetTime === undefined ? 1 : Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
  return new ProblemException('too-many-requests', `More than ${request.rateLimit?.limit ?? 'the allowed'} requests in the window; retry in ${seconds} s`, {}, seconds);
}
