import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException } from '../problems/problem.exception.js';
import { ApiKeyRegistry } from './api-key-registry.js';
import type { Identity } from './identity.js';
import { ProcessCredentials } from './process-credentials.js';
import { AccessTokens } from './access-tokens.js';

const BEARER = /^Bearer ([\x21-\x7e]{1,8192})$/i;

/**
 * Who is calling: the `Authorization: Bearer …` credential, an OpenID Connect access token or an API key. Every refusal answers the same
 * 401 (no credentials, a malformed header, an unknown, revoked or expired key), so that a caller learns
 * nothing about keys it does not hold; the reason is in the detail only for the holder's benefit.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly keys: ApiKeyRegistry,
    private readonly processes: ProcessCredentials,
    private readonly tokens: AccessTokens,
  ) {}

  async identify(request: Request): Promise<Identity> {
    const header = request.header('authorization');
    if (header === undefined) throw unauthenticated('The request carries no credentials: send Authorization: Bearer <API key or access token>');
    const credential = BEARER.exec(header.trim())?.[1];
    if (credential === undefined) throw unauthenticated('Authorization must be "Bearer" followed by an API key or an access token');
    const own = this.processes.identify(credential);
    if (own) return own;
    if (this.tokens.handles(credential)) {
      const person = await this.tokens.identify(credential);
      if (typeof person === 'string') throw unauthenticated(`The access token is not accepted: ${person}`);
      return person;
    }
    const identity = await this.keys.identify(credential);
    if (typeof identity === 'string') throw unauthenticated(identity === 'unknown' ? 'The API key is not valid' : `The API key is ${identity}`);
    return identity;
  }
}

export const unauthenticated = (detail: string): ProblemException => new ProblemException('unauthenticated', detail);
