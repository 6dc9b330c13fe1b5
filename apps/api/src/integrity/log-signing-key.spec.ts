import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadSigningKey, signingKeyNotice } from './log-signing-key.js';

describe('the signing key at start-up', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'goal-ledger-signing-key-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates a key on an empty log quietly, warns when it generates one for a log that holds events, and reads it back later', async () => {
    const first = await loadSigningKey({ dataDir });
    expect(first.generated).toBe(true);
    expect(signingKeyNotice(first, 0)).toEqual({ level: 'log', message: `generated a signing key in ${first.file} (fingerprint ${first.key.publicKey.fingerprint})` });

    const lost = signingKeyNotice(first, 120);
    expect(lost.level).toBe('warn');
    expect(lost.message).toContain(`generated a new signing key in ${first.file}`);
    expect(lost.message).toContain('already holds events (position 120)');
    expect(lost.message).toContain('GOAL_LEDGER_SIGNING_KEY_FILE');

    const again = await loadSigningKey({ dataDir });
    expect(again.generated).toBe(false);
    expect(again.key.publicKey.fingerprint).toBe(first.key.publicKey.fingerprint);
    expect(signingKeyNotice(again, 120)).toEqual({ level: 'log', message: `signing tree heads with ${again.file} (fingerprint ${again.key.publicKey.fingerprint})` });
  });
});
