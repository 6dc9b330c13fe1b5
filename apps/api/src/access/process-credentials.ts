import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Identity } from './identity.js';

/**
 * Credentials for work this process does through its own HTTP API (loading the example data set): random,
 * held in memory only, valid until the process ends, never recorded. The writes are attributed to the
 * identity given, like any caller's.
 */
@Injectable()
export class ProcessCredentials {
  private readonly identities = new Map<string, Identity>();

  issue(identity: Identity): string {
    const credential = `glp_${randomBytes(32).toString('base64url')}`;
    this.identities.set(credential, identity);
    return credential;
  }

  identify(credential: string): Identity | undefined {
    return this.identities.get(credential);
  }
}
