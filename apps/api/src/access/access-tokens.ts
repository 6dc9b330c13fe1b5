import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Role } from '#domain';
import type { AppConfig, OidcConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import type { Identity } from './identity.js';

/** Three base64url parts: what an access token looks like, as opposed to an API key. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Clocks of the identity provider and this server may differ a little. */
const CLOCK_TOLERANCE_S = 30;

/**
 * OpenID Connect access tokens (Keycloak, AD FS …), validated with jose against the configured issuer's
 * JWKS: signature, issuer, audience, expiry. The role and the municipality come from configurable claims
 * (a dotted path such as `realm_access.roles`); among several roles the most powerful one counts.
 */
@Injectable()
export class AccessTokens {
  private readonly keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly oidc: OidcConfig | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.oidc = config.oidc;
    // jose fetches the JWKS on first use and again when a token names a key it does not know (key rotation).
    this.keys = config.oidc && createRemoteJWKSet(new URL(config.oidc.jwksUrl));
  }

  /** Whether a credential is to be read as an access token (OIDC is configured and it looks like a JWT). */
  handles(credential: string): boolean {
    return this.keys !== undefined && JWT.test(credential);
  }

  /** The identity a valid token names, or why it is not valid. */
  async identify(token: string): Promise<Identity | string> {
    const { keys, oidc } = this;
    if (!keys || !oidc) return 'access tokens are not accepted here';
    let payload: JWTPayload;
    try {
      // A token without an expiry would be good for ever.
      ({ payload } = await jwtVerify(token, keys, { issuer: oidc.issuer, audience: oidc.audience, clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp'] }));
    } catch (error) {
      return reasonOf(error);
    }
    const role = roleOf(claim(payload, oidc.roleClaim));
    if (!role) return `the token names none of the roles ${ROLES.join(', ')} in ${oidc.roleClaim}`;
    if (typeof payload.sub !== 'string' || !/^[\x21-\x7e]{1,120}$/.test(payload.sub)) return 'the token has no usable subject (sub)';
    const municipality = claim(payload, oidc.municipalityClaim);
    return {
      actor: `oidc:${payload.sub}`,
      role,
      municipalityId: role === 'municipality_editor' && typeof municipality === 'string' ? municipality : null,
    };
  }
}

function claim(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function roleOf(value: unknown): Role | undefined {
  const named = Array.isArray(value) ? value : [value];
  return ROLES.find((role) => named.includes(role));
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the access token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'the access token is not signed by the identity provider';
  if (error instanceof errors.JOSEError) return `the access token is not valid (${error.code})`;
  return 'the identity provider\'s keys could not be fetched';
}
