import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { eventLeafHash, merkleTreeHash, signingKeyFromPem, verifyTreeHead, type SignedTreeHead } from '#integrity';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { loadSigningKey } from '../../apps/api/src/integrity/log-signing-key.js';
import { APP_CONFIG } from '../../apps/api/src/storage/storage.module.js';
import { temporaryDataDir } from '../support/app.js';
import { expectProblem, offending } from '../support/e2e-http.js';
import { eventually, headAtLeast, metadata, newEvents, streamName } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly } from '../support/feed-apps.js';
import { freshHead, publicKeyOf, storedLog, treeHolds } from '../support/integrity-http.js';

/** Small, so that a handful of appends is due a new head. */
const HEAD_EVERY = 5;

onBothFeedStores(
  {},
  (suite) => {
    beforeAll(async () => {
      const [instance] = suite.instances();
      await recordGoalsVisibly(instance.store, 6);
      // Stored in schema version 1: the leaf covers these bytes, not the upcast version 2 the application reads.
      const goalId = `tree-v1-${uuidv7()}`;
      const data = { goalId, from: 'agreed', to: 'in_progress', reason: 'Auftakt mit den Kitas' };
      const { position } = await instance.raw.append(`goal-${goalId}`, [{ id: uuidv7(), type: 'GoalStatusChanged', schemaVersion: 1, data, metadata }], 'no-stream');
      await headAtLeast(instance.store, position);
      for (const each of suite.instances()) await treeHolds(each, position);
    });

    it('serves the public key with its fingerprint; every instance signs with the key kept in the data directory', async () => {
      const keys = await Promise.all(suite.instances().map(async ({ http }) => (await http().get('/v1/integrity/public-key').expect(200)).body as Record<string, string>));
      const [{ app }] = suite.instances();
      expect(keys[0]).toEqual({ algorithm: 'Ed25519', publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), logId: 'goal-ledger' });
      expect(new Set(keys.map((key) => key.fingerprint)).size).toBe(1);
      const file = join(app.get<AppConfig>(APP_CONFIG).dataDir, 'signing-key.pem');
      expect(signingKeyFromPem(readFileSync(file, 'utf8')).publicKey.fingerprint).toBe(keys[0].fingerprint);
      expect((await publicKeyOf(suite.instances()[0].http)).fingerprint).toBe(keys[0].fingerprint);
    });

    it('signs on request a head of every event of the log, whose root is the RFC 9162 tree of their stored bytes', async () => {
      const [{ raw, http }] = suite.instances();
      const head = await freshHead(http);
      const log = await storedLog(raw);
      expect(head).toMatchObject({ treeSize: log.length, logId: 'goal-ledger' });
      expect(head.rootHash).toBe(merkleTreeHash(log.map(eventLeafHash)).toString('base64'));
    });

    it('answers the latest head, and issues a new one once the log has grown by the configured number of events', async () => {
      const [{ raw, store }] = suite.instances();
      const before = await Promise.all(suite.instances().map(async ({ http }) => (await http().get('/v1/integrity/tree-head').expect(200)).body as SignedTreeHead));
      const { position } = await raw.append(streamName('tree'), newEvents(HEAD_EVERY + 1), 'no-stream');
      await headAtLeast(store, position);
      for (const [i, { http }] of suite.instances().entries()) {
        const key = await publicKeyOf(http);
        let head = before[i];
        await eventually(
          async () => (head = (await http().get('/v1/integrity/tree-head').expect(200)).body as SignedTreeHead).treeSize >= before[i].treeSize + HEAD_EVERY,
          () => `the latest head still signs ${head.treeSize} events`,
        );
        expect(verifyTreeHead(head, key)).toBe(true);
      }
    });

    it('refuses query parameters it does not take', async () => {
      const [{ http }] = suite.instances();
      for (const path of ['/v1/integrity/tree-head', '/v1/integrity/public-key']) {
        const response = await http().get(path).query({ treeSize: '3' });
        expectProblem(response, 400, 'validation-failed');
        expect(offending(response)).toEqual(['query:treeSize']);
      }
    });
  },
  { treeHeadEvents: HEAD_EVERY, treeHeadSeconds: 3600 },
);

describe('the signing key', () => {
  it('is generated on first start as PKCS#8 PEM readable by its owner only', async () => {
    const data = temporaryDataDir();
    try {
      const first = await loadSigningKey({ dataDir: data.path });
      const file = join(data.path, 'signing-key.pem');
      expect(first).toMatchObject({ file, generated: true });
      expect(signingKeyFromPem(readFileSync(file, 'utf8')).publicKey.fingerprint).toBe(first.key.publicKey.fingerprint);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = await loadSigningKey({ dataDir: data.path });
      expect(again).toMatchObject({ generated: false });
      expect(again.key.publicKey.fingerprint).toBe(first.key.publicKey.fingerprint);
    } finally {
      data.remove();
    }
  });

  it('waits for a key file another instance has created but not yet written, and signs with its key', async () => {
    const data = temporaryDataDir();
    try {
      const file = join(data.path, 'signing-key.pem');
      writeFileSync(file, '', { mode: 0o600 });
      const theirs = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const loading = loadSigningKey({ dataDir: data.path });
      await new Promise((resolve) => setTimeout(resolve, 100));
      writeFileSync(file, theirs);
      const loaded = await loading;
      expect(loaded).toMatchObject({ file, generated: false });
      expect(loaded.key.publicKey.fingerprint).toBe(signingKeyFromPem(theirs).publicKey.fingerprint);
    } finally {
      data.remove();
    }
  });

  it('refuses a configured key that is not Ed25519, naming the file', async () => {
    const data = temporaryDataDir();
    try {
      const file = join(data.path, 'rsa.pem');
      writeFileSync(file, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await expect(loadSigningKey({ dataDir: data.path, signingKeyFile: file })).rejects.toThrow(`the signing key ${file} cannot be used: the key is rsa, not Ed25519`);
    } finally {
      data.remove();
    }
  });
});
