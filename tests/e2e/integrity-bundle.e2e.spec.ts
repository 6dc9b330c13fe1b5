import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import type { RecordedEvent } from '#event-store';
import { eventLeafHash, verifyBundle, type SignedTreeHead, type VerifyingKey } from '#integrity';
import { expectProblem, offending } from '../support/e2e-http.js';
import { headAtLeast, metadata, newEvents, streamName } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly } from '../support/feed-apps.js';
import { bundleOf, freshHead, publicKeyOf, storedLog, treeHolds, verifyCommand } from '../support/integrity-http.js';

onBothFeedStores({}, (suite) => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-bundle-'));
  let key: VerifyingKey;
  let older: SignedTreeHead;
  let log: RecordedEvent[];
  let v1Position: number;

  beforeAll(async () => {
    const [instance] = suite.instances();
    await recordGoalsVisibly(instance.store, 4);
    key = await publicKeyOf(instance.http);
    older = await freshHead(instance.http);
    // Stored in schema version 1: the bundle must carry it as stored for its leaf to verify.
    const goalId = `bundle-v1-${uuidv7()}`;
    const data = { goalId, from: 'agreed', to: 'in_progress', reason: 'Auftakt mit den Kitas' };
    v1Position = (await instance.raw.append(`goal-${goalId}`, [{ id: uuidv7(), type: 'GoalStatusChanged', schemaVersion: 1, data, metadata }], 'no-stream')).position;
    const { position } = await instance.raw.append(streamName('bundle'), newEvents(25), 'no-stream');
    await headAtLeast(instance.store, position);
    for (const each of suite.instances()) await treeHolds(each, position);
    log = await storedLog(instance.raw);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports the whole tree as NDJSON: a signed head with the public key, then every event as stored with its recorded leaf', async () => {
    const { http } = suite.instances()[suite.instances().length - 1];
    const { lines, contentType, disposition } = await bundleOf(http);
    expect(contentType).toMatch(/^application\/x-ndjson/);
    expect(disposition).toBe(`attachment; filename="goal-ledger-${log.length}.ndjson"`);
    expect(lines).toHaveLength(log.length + 1);
    const header = JSON.parse(lines[0]) as { treeHead: SignedTreeHead; publicKey: string };
    expect(header).toMatchObject({ kind: 'goal-ledger-bundle', version: 1, treeHead: { treeSize: log.length }, publicKey: key.pem });
    const entries = lines.slice(1).map((line) => JSON.parse(line) as { index: number; leafHash: string; event: RecordedEvent });
    expect(entries.map((entry) => entry.event)).toEqual(log);
    expect(entries.map((entry) => entry.leafHash)).toEqual(log.map((event) => eventLeafHash(event).toString('base64')));
    expect(entries.find((entry) => entry.event.position === v1Position)?.event.schemaVersion).toBe(1);
    expect(await verifyBundle(lines, { fingerprint: key.fingerprint, consistentWith: older })).toMatchObject({
      ok: true,
      treeSize: log.length,
      fingerprint: key.fingerprint,
      consistentWith: { treeSize: older.treeSize, rootHash: older.rootHash },
    });
  });

  it('exports the tree of an older size, which verifies with the root of the head signed then', async () => {
    const { lines } = await bundleOf(suite.instances()[0].http, { treeSize: String(older.treeSize) });
    expect(lines).toHaveLength(older.treeSize + 1);
    expect(await verifyBundle(lines)).toMatchObject({ ok: true, treeSize: older.treeSize, rootHash: older.rootHash });
  });

  it('round-trips through `npm run verify`: the served bundle verifies offline, pinned to the served key and extending an older head', async () => {
    const { lines } = await bundleOf(suite.instances()[0].http);
    const bundle = join(dir, `${suite.kind}.ndjson`);
    const head = join(dir, `${suite.kind}-older.json`);
    writeFileSync(bundle, `${lines.join('\n')}\n`);
    writeFileSync(head, JSON.stringify(older));
    expect(await verifyCommand(bundle, '--fingerprint', key.fingerprint, '--consistent-with', head)).toEqual({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(`^verified: ${log.length} events of log goal-ledger, root \\S+, signed \\S+ by key ${key.fingerprint}; it extends the older tree head of ${older.treeSize} events\\n$`),
      ),
      stderr: '',
    });
  });

  it('verifies the stored log against its tree on the server, with the report the offline verifier gives', async () => {
    for (const { http } of suite.instances()) {
      const report = (await http().get('/v1/integrity/verify').expect(200)).body as Record<string, unknown>;
      expect(report).toEqual({ ok: true, treeSize: log.length, rootHash: expect.any(String), timestamp: expect.any(String), logId: 'goal-ledger', fingerprint: key.fingerprint });
    }
  });

  it('refuses a bad tree size with 400 naming it, and one the tree has not reached with 409', async () => {
    const [{ http }] = suite.instances();
    const bad = await http().get('/v1/integrity/bundle').query({ treeSize: 'all' });
    expectProblem(bad, 400, 'validation-failed');
    expect(offending(bad)).toEqual(['query:treeSize']);
    expectProblem(await http().get('/v1/integrity/bundle').query({ treeSize: String(log.length + 1) }), 409, 'tree-size-not-reached');
    const verify = await http().get('/v1/integrity/verify').query({ from: '1' });
    expectProblem(verify, 400, 'validation-failed');
  });
});
