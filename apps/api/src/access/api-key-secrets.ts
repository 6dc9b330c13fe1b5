import { createHash, randomBytes } from 'node:crypto';

/** A key reads `glk_` and 43 base64url characters (256 random bits), so a leaked one is easy to recognise. */
const KEY_PREFIX = 'glk_';
/** How much of a key lists show: enough to tell keys apart, far too little to guess the rest. */
const VISIBLE = 12;

export const newApiKey = (): string => `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

/**
 * SHA-256, not a slow password hash: a key is 256 random bits, not a password, so nothing is gained by
 * slowing down a guess, and every request hashes the key it carries.
 */
export const hashOf = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export const visiblePrefixOf = (key: string): string => key.slice(0, VISIBLE);
