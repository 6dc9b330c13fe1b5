import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { generateSigningKey, privateKeyPem, signingKeyFromPem, type SigningKey } from '#integrity';
import type { AppConfig } from '../config/app-config.js';

/** Injection token of the log's signing key. */
export const SIGNING_KEY = Symbol('SigningKey');

export const signingKeyFileOf = (config: Pick<AppConfig, 'signingKeyFile' | 'dataDir'>): string => config.signingKeyFile ?? join(config.dataDir, 'signing-key.pem');

/**
 * The key that signs tree heads: read from its file, or generated into it on first start. The file is
 * created exclusively and readable by its owner only; when another process created it first, that one's
 * key is used, so instances sharing a data directory sign with one key.
 */
export async function loadSigningKey(config: Pick<AppConfig, 'signingKeyFile' | 'dataDir'>): Promise<{ key: SigningKey; file: string; generated: boolean }> {
  const file = signingKeyFileOf(config);
  const existing = await readWritten(file);
  if (existing !== undefined) return { key: fromPem(existing, file), file, generated: false };
  const key = generateSigningKey();
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, privateKeyPem(key), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: fromPem((await readWritten(file)) ?? '', file), file, generated: false };
  }
  return { key, file, generated: true };
}

/**
 * What to log about the key at start-up. A key generated for a log that already holds events means the
 * old key file was lost or not given to this instance: heads signed before no longer verify with the key
 * the log now serves, and instances on one database would sign with different keys.
 */
export function signingKeyNotice(loaded: { key: SigningKey; file: string; generated: boolean }, logEvents: number): { level: 'log' | 'warn'; message: string } {
  const { key, file, generated } = loaded;
  const fingerprint = `fingerprint ${key.publicKey.fingerprint}`;
  if (!generated) return { level: 'log', message: `signing tree heads with ${file} (${fingerprint})` };
  if (logEvents === 0) return { level: 'log', message: `generated a signing key in ${file} (${fingerprint})` };
  return {
    level: 'warn',
    message:
      `generated a new signing key in ${file} (${fingerprint}) for a log that already holds events (position ${logEvents}): ` +
      'heads signed before were signed with another key. If that key file was lost or not given to this instance, stop it and ' +
      'restore the file (GOAL_LEDGER_SIGNING_KEY_FILE); else keep the old public key to check older heads (`npm run verify -- … --older-key`)',
  };
}

/** How long a key file that another process created, but has not finished writing, is waited for. */
const UNFINISHED_WAIT_MS = 2_000;

/**
 * The key file's text, or undefined when there is none. The process that creates it writes the key just
 * after: a file still empty or cut short (no PEM end line) is read again until it is complete, or the wait is over.
 */
async function readWritten(file: string): Promise<string | undefined> {
  const deadline = Date.now() + UNFINISHED_WAIT_MS;
  for (;;) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`cannot read the signing key ${file}: ${error.message}`);
    });
    if (text === undefined || text.includes('-----END') || Date.now() > deadline) return text;
    await delay(20);
  }
}

function fromPem(pem: string, file: string): SigningKey {
  try {
    return signingKeyFromPem(pem);
  } catch (error) {
    throw new Error(`the signing key ${file} cannot be used: ${(error as Error).message}`);
  }
}
