import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey } from '#integrity';
import { verifyCommand as verify } from '../support/integrity-http.js';
import { bundleOf, recordedEvent, recordedEvents, signedLog, type SignedLog } from '../support/integrity-log.js';

describe('npm run verify (the offline verifier as a command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-verify-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  let log: SignedLog;
  let bundle: string;
  beforeAll(async () => {
    log = await signedLog(recordedEvents(300));
    bundle = file('bundle.ndjson', `${(await bundleOf(log, await log.head())).join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 with a one-line summary when the bundle verifies', async () => {
    const result = await verify(bundle, '--fingerprint', log.key.publicKey.fingerprint);
    expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^verified: 300 events of log goal-ledger-test, root \S+, signed \S+ by key [0-9a-f]{64}\n$/), stderr: '' });
  });

  it('exits 1 and names the first mismatch when an event was changed', async () => {
    const events = log.events.map((event, i) => (i === 123 ? { ...event, data: { ...event.data, title: 'changed' } } : event));
    const tampered = file('tampered.ndjson', (await bundleOf(log, await log.head(), events)).join('\n'));
    const { position } = log.events[123];
    expect(await verify(tampered)).toEqual({ code: 1, stdout: `NOT VERIFIED at leaf 123, position ${position}: the event at position ${position} does not hash to leaf 123 of the tree\n`, stderr: '' });
  });

  it('checks the bundle against an older tree head: passes for the same log, exits 1 for a fork', async () => {
    const older = file('older.json', JSON.stringify(await log.head(120)));
    expect(await verify(bundle, '--consistent-with', older)).toMatchObject({ code: 0, stdout: expect.stringContaining('it extends the older tree head of 120 events') });
    const fork = await signedLog([...log.events.slice(0, 119), recordedEvent(5000)], log.key);
    const forked = file('forked.json', JSON.stringify(await fork.head(120)));
    expect(await verify(bundle, '--consistent-with', forked)).toMatchObject({ code: 1, stdout: expect.stringContaining('does not extend the older tree head') });
  });

  it('checks an older head signed before a key change with --older-key, and only with the key that signed it', async () => {
    const older = file('older-old-key.json', JSON.stringify(await log.head(120)));
    const rekeyed = await signedLog(log.events, generateSigningKey());
    const newer = file('bundle-new-key.ndjson', `${(await bundleOf(rekeyed, await rekeyed.head())).join('\n')}\n`);
    const oldKey = file('old-key.pem', log.key.publicKey.pem);
    expect(await verify(newer, '--consistent-with', older)).toMatchObject({ code: 1, stdout: expect.stringContaining(`the older tree head's signature does not verify with key ${rekeyed.key.publicKey.fingerprint}`) });
    expect(await verify(newer, '--consistent-with', older, '--older-key', oldKey)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`by key ${rekeyed.key.publicKey.fingerprint}; it extends the older tree head of 120 events`),
    });
    const otherKey = file('other-key.pem', generateSigningKey().publicKey.pem);
    expect(await verify(newer, '--consistent-with', older, '--older-key', otherKey)).toMatchObject({ code: 1, stdout: expect.stringContaining("the older tree head's signature does not verify") });
    const fork = await signedLog([...log.events.slice(0, 119), recordedEvent(5000)], log.key);
    const forked = file('forked-old-key.json', JSON.stringify(await fork.head(120)));
    expect(await verify(newer, '--consistent-with', forked, '--older-key', oldKey)).toMatchObject({ code: 1, stdout: expect.stringContaining('does not extend the older tree head') });
  });

  it('exits 2 with the usage when the command is wrong', async () => {
    const older = file('older-usage.json', JSON.stringify(await log.head(120)));
    for (const args of [
      [],
      [bundle, bundle],
      [join(dir, 'missing.ndjson')],
      [dir],
      [bundle, '--unknown'],
      [bundle, '--fingerprint', 'abc'],
      [bundle, '--consistent-with', bundle],
      [bundle, '--older-key', file('key-alone.pem', log.key.publicKey.pem)],
      [bundle, '--consistent-with', older, '--older-key', older],
      [bundle, '--consistent-with', older, '--older-key', join(dir, 'missing.pem')],
    ]) {
      const result = await verify(...args);
      expect(result).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('usage: npm run verify -- <bundle.ndjson>') });
    }
  });
});
