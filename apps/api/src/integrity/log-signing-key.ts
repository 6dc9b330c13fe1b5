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
