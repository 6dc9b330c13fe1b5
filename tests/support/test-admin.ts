import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';

/**
 * The admin API key every test app and API process starts with (GOAL_LEDGER_ADMIN_API_KEY), so that suites
 * about other things act as an admin without saying so. Suites about access control start their apps
 * without the default and send credentials of their own.
 */
export const TEST_ADMIN_KEY = 'glk_test-admin-key-of-the-test-suites-0000000';
/** The actor the test admin's writes record: a configured key's id is derived from its hash. */
export const TEST_ADMIN_ACTOR = `api-key:configured-admin-${createHash('sha256').update(TEST_ADMIN_KEY).digest('hex').slice(0, 12)}`;
export const TEST_ADMIN_HEADERS: Readonly<Record<string, string>> = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

/** The environment of an API child process: the test admin key, and no rate limit (suites send bursts). */
export const TEST_ACCESS_ENV: Readonly<Record<string, string>> = { GOAL_LEDGER_ADMIN_API_KEY: TEST_ADMIN_KEY, GOAL_LEDGER_RATE_LIMIT: '0' };

/**
 * Sends every request that carries no Authorization header with the test admin's key, before the app sees
 * it: supertest calls throughout the suites then need no credentials of their own.
 */
export function actAsAdminByDefault(server: Server): void {
  server.prependListener('request', (request: IncomingMessage) => {
    request.headers.authorization ??= `Bearer ${TEST_ADMIN_KEY}`;
  });
}
