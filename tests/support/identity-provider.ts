import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { AppConfig, OidcConfig } from '../../apps/api/src/config/app-config.js';

export const TEST_ISSUER = 'https://idp.kekiz.example/realms/kekiz';
export const TEST_AUDIENCE = 'goal-ledger';
const KEY_ID = 'k1';

export interface TokenOptions {
  /** Signed by a key of the forger's own under the provider's key id, instead of the provider's key. */
  readonly forged?: boolean;
  readonly audience?: string;
  /** A jose time span ('5m') or the expiry in seconds since the epoch; null for a token without `exp`. */
  readonly expiresIn?: string | number | null;
}

/** An OpenID Connect provider for tests: it signs access tokens, and serves its key set on loopback. */
export interface TestIdentityProvider {
  /** How an app is told to trust this provider (roles in `realm_access.roles`, as Keycloak puts them). */
  readonly config: OidcConfig;
  token(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const provider = await generateKeyPair('RS256');
  const forger: CryptoKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(provider.publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  const jwks = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { port } = jwks.address() as AddressInfo;
  return {
    config: { issuer: TEST_ISSUER, jwksUrl: `http://127.0.0.1:${port}/certs`, audience: TEST_AUDIENCE, roleClaim: 'realm_access.roles', municipalityClaim: 'municipality' },
    token: (claims, { forged = false, audience = TEST_AUDIENCE, expiresIn = '5m' } = {}) => {
      const token = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KEY_ID }).setIssuer(TEST_ISSUER).setAudience(audience).setIssuedAt();
      return (expiresIn === null ? token : token.setExpirationTime(expiresIn)).sign(forged ? forger : provider.privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        jwks.close((error) => (error ? reject(error) : resolve()));
        // An app's key-set fetches may leave a kept-alive connection open, which close() would wait out.
        jwks.closeAllConnections();
      }),
  };
}

/**
 * A provider for the calling suite, started in a beforeAll that must be declared before the app's (as
 * appPerSuite declares it): it writes its settings into `config`, which the app's beforeAll then reads.
 */
export function identityProviderPerSuite(config: Partial<AppConfig>): () => TestIdentityProvider {
  let provider: TestIdentityProvider | undefined;
  beforeAll(async () => {
    provider = await startIdentityProvider();
    Object.assign(config, { oidc: provider.config });
  });
  afterAll(() => provider?.close());
  return () => {
    if (!provider) throw new Error('the identity provider is started in beforeAll');
    return provider;
  };
}
