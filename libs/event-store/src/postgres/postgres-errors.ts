import { EventStoreUnavailableError } from '../errors.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);

/**
 * Connection loss, shutdown and resource exhaustion are the server's problem, not the caller's:
 * they become EventStoreUnavailableError (HTTP 503). SQLSTATE classes 08, 53, 57P0x.
 */
export function translateUnavailable(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  const unavailable =
    NETWORK_CODES.has(code) ||
    code.startsWith('08') ||
    code.startsWith('53') ||
    /^57P0[1-3]$/.test(code) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
  return unavailable ? new EventStoreUnavailableError(`PostgreSQL is unavailable: ${error.message}`, { cause: error }) : error;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === constraint
  );
}
