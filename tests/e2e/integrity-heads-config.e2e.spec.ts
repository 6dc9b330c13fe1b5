import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { eventLeafHash, merkleTreeHash, type SignedTreeHead } from '#integrity';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { APP_CONFIG } from '../../apps/api/src/storage/storage.module.js';
import type { Http } from '../support/e2e-http.js';
import { eventually, headAtLeast, newEvents, streamName } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly, type FeedInstance } from '../support/feed-apps.js';
import { storedLog, treeHolds } from '../support/integrity-http.js';

/**
 * The tree heads as configured: the signing key from GOAL_LEDGER_SIGNING_KEY_FILE (a key this suite writes,
 * not one generated into the data directory), and a head at least every GOAL_LEDGER_TREE_HEAD_SECONDS
 * seconds, here 1, while GOAL_LEDGER_TREE_HEAD_EVENTS is far more events than the suite ever appends, so
 * that only the clock can be what issues a new head.
 */
const HEAD_SECONDS = 1;
/** How long a head due by the clock may take: the interval, the check's own period (1 s), and a slow machine. */
const DUE_WITHIN_MS = 15_000;

const keyDir = mkdtempSync(join(tmpdir(), 'goal-ledger-key-'));
const keyFile = join(keyDir, 'log-signing-key.pem');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
writeFileSync(keyFile, privatePem, { mode: 0o600 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** The fingerprint as docs/integrity.md defines it: SHA-256 of the SPKI DER encoding, hex. */
const fingerprint = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

// Through the environment schema, as a deployment sets them.
const configured = loadConfig({
  GOAL_LEDGER_SIGNING_KEY_FILE: keyFile,
  GOAL_LEDGER_TREE_HEAD_SECONDS: String(HEAD_SECONDS),
  GOAL_LEDGER_TREE_HEAD_EVENTS: '1000000',
});

/**
 * Checks a head with the suite's own public key and node:crypto alone: Ed25519 over the RFC 8785 JSON of
 * the four signed fields (keys sorted; an integer and ASCII strings need no other canonicalisation).
 */
function signedByTestKey(head: SignedTreeHead): boolean {
  const { logId, rootHash, timestamp, treeSize } = head;
  return verify(null, Buffer.from(JSON.stringify({ logId, rootHash, timestamp, treeSize })), publicKey, Buffer.from(head.signature, 'base64'));
}

const latestHead = async (http: Http) => (await http().get('/v1/integrity/tree-head').expect(200)).body as SignedTreeHead;

/** Polls the instance's latest head until `accept` holds, failing after DUE_WITHIN_MS; never asks for a head to be issued. */
async function latestHeadWhere(instance: FeedInstance, accept: (head: SignedTreeHead) => boolean, what: string): Promise<SignedTreeHead> {
  let head = await latestHead(instance.http);
  await eventually(
    async () => accept((head = await latestHead(instance.http))),
    () => `no head ${what} within ${DUE_WITHIN_MS} ms; the latest: ${JSON.stringify(head)}`,
    DUE_WITHIN_MS,
  );
  return head;
}

onBothFeedStores(
  {},
  (suite) => {
    beforeAll(async () => {
      const [instance] = suite.instances();
      await recordGoalsVisibly(instance.store, 3);
      const head = await instance.store.headPosition();
      for (const each of suite.instances()) await treeHolds(each, head);
    });

    it('reads the environment into the configuration the suite starts with', () => {
      expect({ signingKeyFile: configured.signingKeyFile, treeHeadSeconds: configured.treeHeadSeconds, treeHeadEvents: configured.treeHeadEvents }).toEqual({
        signingKeyFile: keyFile,
        treeHeadSeconds: HEAD_SECONDS,
        treeHeadEvents: 1_000_000,
      });
      for (const { app } of suite.instances()) expect(app.get<AppConfig>(APP_CONFIG)).toMatchObject({ signingKeyFile: keyFile, treeHeadSeconds: HEAD_SECONDS, treeHeadEvents: 1_000_000 });
    });

    it('signs with the configured Ed25519 key: every instance serves its public key and fingerprint, and generates none of its own', async () => {
      for (const { app, http } of suite.instances()) {
        expect((await http().get('/v1/integrity/public-key').expect(200)).body).toEqual({ algorithm: 'Ed25519', publicKey: publicPem, fingerprint, logId: 'goal-ledger' });
        expect(existsSync(join(app.get<AppConfig>(APP_CONFIG).dataDir, 'signing-key.pem'))).toBe(false);
      }
      // Read, not rewritten.
      expect(readFileSync(keyFile, 'utf8')).toBe(privatePem);
    });

    it('signs a head of the whole log with the configured key, whose root is the tree of the stored events', async () => {
      const [{ raw }] = suite.instances();
      for (const { http } of suite.instances()) {
        const head = (await http().post('/v1/integrity/tree-head').expect(201)).body as SignedTreeHead;
        const log = await storedLog(raw);
        expect(head).toMatchObject({ treeSize: log.length, rootHash: merkleTreeHash(log.map(eventLeafHash)).toString('base64'), logId: 'goal-ledger' });
        expect(signedByTestKey(head)).toBe(true);
        // The check itself can fail: the same head with another size does not verify.
        expect(signedByTestKey({ ...head, treeSize: head.treeSize + 1 })).toBe(false);
      }
    });

    it('issues a new head every configured number of seconds, though the log did not grow', async () => {
      for (const instance of suite.instances()) {
        const before = await latestHead(instance.http);
        const next = await latestHeadWhere(instance, (head) => head.timestamp !== before.timestamp, 'newer than the last');
        // Not before the last is that old; of the same tree, since nothing was appended.
        expect(Date.parse(next.timestamp) - Date.parse(before.timestamp)).toBeGreaterThanOrEqual(HEAD_SECONDS * 1000);
        expect({ treeSize: next.treeSize, rootHash: next.rootHash }).toEqual({ treeSize: before.treeSize, rootHash: before.rootHash });
        expect(signedByTestKey(next)).toBe(true);
      }
    });

    it('covers events appended since within the configured seconds, though far fewer than the configured number of events', async () => {
      const [{ raw, store }] = suite.instances();
      const before = await Promise.all(suite.instances().map(({ http }) => latestHead(http)));
      const sizeBefore = (await storedLog(raw)).length;
      const { position } = await raw.append(streamName('timed'), newEvents(2), 'no-stream');
      await headAtLeast(store, position);
      for (const each of suite.instances()) await treeHolds(each, position);
      const log = await storedLog(raw);
      expect(log.length).toBe(sizeBefore + 2);
      // No head covered them yet.
      expect(before.map((head) => head.treeSize)).toEqual(before.map(() => sizeBefore));

      for (const [i, instance] of suite.instances().entries()) {
        const head = await latestHeadWhere(instance, (latest) => latest.treeSize === log.length, `of all ${log.length} events`);
        expect(head.rootHash).toBe(merkleTreeHash(log.map(eventLeafHash)).toString('base64'));
        expect(Date.parse(head.timestamp) - Date.parse(before[i].timestamp)).toBeGreaterThanOrEqual(HEAD_SECONDS * 1000);
        expect(signedByTestKey(head)).toBe(true);
      }
    });
  },
  { signingKeyFile: configured.signingKeyFile, treeHeadSeconds: configured.treeHeadSeconds, treeHeadEvents: configured.treeHeadEvents },
);
