import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ProblemException } from '../problems/problem.exception.js';
import { ACCESS, type Access } from './access.decorator.js';
import { Authenticator } from './authenticator.js';
import { RateLimiter } from './rate-limiter.js';

/** What a route without @Allow lets through: admins only, so that a new endpoint is closed until it says otherwise. */
const DEFAULT_ACCESS: Access = { roles: ['admin'] };

/**
 * The global guard: authenticates every request (401), counts it against the caller's rate limit (429),
 * and lets through only the roles the route allows (403). Writes are authorised once more by the command
 * path, against the state they change.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [context.getHandler(), context.getClass()]) ?? DEFAULT_ACCESS;
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    let identity;
    try {
      identity = await this.authenticator.identify(request);
    } catch (error) {
      await this.limiter.take(request, response, RateLimiter.anonymousKey(request));
      throw error;
    }
    request.identity = identity;
    await this.limiter.take(request, response, identity.actor);
    if (!access.roles.includes(identity.role)) {
      throw new ProblemException('forbidden', `This endpoint is for ${access.roles.join(', ')}; the caller is ${identity.role}`, { role: identity.role, allowed: access.roles });
    }
    return true;
  }
}
