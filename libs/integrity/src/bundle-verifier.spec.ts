import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { bundleOf, LOG_ID, recordedEvent, recordedEvents, signedLog, type SignedLog } from '../../../tests/support/integrity-log.js';
import { verifyBundle, verifyBundleFile } from './bundle-verifier.js';
import { EMPTY_ROOT } from './hashing.js';
import { generateSigningKey } from './signing-key.js';
import { signTreeHead, type SignedTreeHead } from './tree-head.js';

const COUNT = 100;
let log: SignedLog;
let head: SignedTreeHead;
beforeAll(async () => {
  log = await signedLog(recordedEvents(COUNT));
  head = await log.head();
});

const changed = (events: readonly RecordedEvent[], i: number, change: Partial<RecordedEvent>) => events.map((event, j) => (j === i ? { ...event, ...change } : event));
const mismatchOf = async (lines: string[], options = {}) => {
  const report = await verifyBundle(lines, options);
  if (report.ok) throw new Error('the bundle verified');
  return report.firstMismatch;
};

describe('verifying an offline bundle', () => {
  it('verifies a bundle of the log as the tree recorded it', async () => {
    expect(await verifyBundle(await bundleOf(log, head))).toEqual({
      ok: true,
      treeSize: COUNT,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
      logId: LOG_ID,
      fingerprint: log.key.publicKey.fingerprint,
    });
  });

  it('names the event whose data was changed after it was recorded', async () => {
    const events = changed(log.events, 37, { data: { ...log.events[37].data, title: 'Netzwerk Einen' } });
    expect(await mismatchOf(await bundleOf(log, head, events))).toEqual({ index: 37, position: log.events[37].position, reason: expect.stringContaining('does not hash to leaf 37') });
  });

  it('names the event whose metadata was changed, down to a millisecond of its recording time', async () => {
    const metadata = { ...log.events[61].metadata, recordedAt: '2012-11-20T00:01:01.001Z' };
    expect(await mismatchOf(await bundleOf(log, head, changed(log.events, 61, { metadata })))).toMatchObject({ index: 61, position: log.events[61].position });
  });

  it('names the first of two events that swapped places', async () => {
    const events = changed(changed(log.events, 20, log.events[50]), 50, log.events[20]);
    expect(await mismatchOf(await bundleOf(log, head, events))).toMatchObject({ index: 20, position: log.events[50].position });
  });

  it('names the place of an event deleted from the log: the event that moved into it', async () => {
    const events = log.events.filter((_, i) => i !== 44);
    expect(await mismatchOf(await bundleOf(log, head, events))).toMatchObject({ index: 44, position: log.events[45].position });
  });

  it('names the first line out of place when lines of the file are swapped or deleted', async () => {
    const lines = await bundleOf(log, head);
    const swapped = lines.map((line, i) => (i === 11 ? lines[31] : i === 31 ? lines[11] : line));
    expect(await mismatchOf(swapped)).toMatchObject({ index: 10, position: log.events[30].position, reason: expect.stringContaining('holds leaf 30') });
    expect(await mismatchOf(lines.filter((_, i) => i !== 71))).toMatchObject({ index: 70, position: log.events[71].position });
  });

  it('fails on the root when an event and its recorded leaf hash were changed together', async () => {
    const lines = await bundleOf(log, head);
    const other = await signedLog(changed(log.events, 5, { type: 'GoalRevised' }), log.key);
    lines[6] = (await bundleOf(other, await other.head()))[6];
    expect(await mismatchOf(lines)).toEqual({ index: null, position: null, reason: expect.stringContaining(`the tree head signs ${head.rootHash}`) });
  });

  it('fails at the first event whose position does not rise, even when the tree recorded it so', async () => {
    const events = changed(log.events, 9, { position: log.events[8].position });
    const disordered = await signedLog(events, log.key);
    expect(await mismatchOf(await bundleOf(disordered, await disordered.head()))).toEqual({
      index: 9,
      position: log.events[8].position,
      reason: `position ${log.events[8].position} does not come after position ${log.events[8].position}`,
    });
  });

  it('fails when the bundle ends early or goes on past the signed size', async () => {
    expect(await mismatchOf((await bundleOf(log, head)).slice(0, 91))).toMatchObject({ index: 90, position: null, reason: expect.stringContaining('ends after 90 events') });
    const smaller = await log.head(80);
    expect(await mismatchOf(await bundleOf(log, smaller, log.events.slice(0, 81)))).toMatchObject({ index: 80, position: log.events[80].position });
  });

  it('fails on a wrong signature, on a bundle that names another key, and on a key other than the pinned one', async () => {
    const signature = Buffer.from(head.signature, 'base64');
    signature[0] ^= 1;
    const forged = await bundleOf(log, { ...head, signature: signature.toString('base64') });
    expect((await mismatchOf(forged)).reason).toContain("tree head's signature does not verify");
    const lines = await bundleOf(log, head);
    const header = { ...JSON.parse(lines[0]), publicKey: generateSigningKey().publicKey.pem };
    expect((await mismatchOf([JSON.stringify(header), ...lines.slice(1)])).reason).toContain("tree head's signature does not verify");
    expect((await mismatchOf(lines, { fingerprint: 'ab'.repeat(32) })).reason).toContain(`signed by key ${log.key.publicKey.fingerprint}`);
    expect((await verifyBundle(lines, { fingerprint: log.key.publicKey.fingerprint.toUpperCase() })).ok).toBe(true);
  });

  it('fails on lines that are not a bundle', async () => {
    const lines = await bundleOf(log, head);
    expect(await mismatchOf([])).toMatchObject({ reason: 'the bundle is empty' });
    expect((await mismatchOf(['{"kind":"something-else"}', ...lines.slice(1)])).reason).toContain('not a goal-ledger bundle header');
    expect(await mismatchOf([...lines.slice(0, 4), '{"index":3,', ...lines.slice(5)])).toMatchObject({ index: 3, position: null, reason: expect.stringContaining('not JSON') });
  });

  it('stops reading at the first mismatch', async () => {
    const lines = await bundleOf(log, head, changed(log.events, 3, { stream: 'goal-elsewhere' }));
    let read = 0;
    function* counted(): Generator<string> {
      for (const line of lines) {
        read += 1;
        yield line;
      }
    }
    expect((await verifyBundle(counted())).ok).toBe(false);
    expect(read).toBe(5); // the header and the lines of leaves 0 to 3
  });
});

describe('verifying that a bundle extends an older tree head', () => {
  it('passes for every older head of the same log, from the empty tree to the bundle itself', async () => {
    const small = await signedLog(recordedEvents(40), log.key);
    const lines = await bundleOf(small, await small.head());
    for (let size = 0; size <= 40; size += 1) {
      const report = await verifyBundle(lines, { consistentWith: await small.head(size) });
      expect(report).toMatchObject({ ok: true, consistentWith: { treeSize: size } });
    }
    const empty = signTreeHead({ treeSize: 0, root: EMPTY_ROOT, timestamp: new Date(), logId: LOG_ID }, log.key);
    expect((await verifyBundle(lines, { consistentWith: empty })).ok).toBe(true);
  });

  it('fails for a head of a fork: a log that differed in one event, signed by the same key', async () => {
    const fork = await signedLog([...log.events.slice(0, 30), recordedEvent(1000), ...log.events.slice(31, 60)], log.key);
    expect(await mismatchOf(await bundleOf(log, head), { consistentWith: await fork.head(60) })).toEqual({
      index: null,
      position: null,
      reason: expect.stringContaining('does not extend the older tree head'),
    });
    expect((await verifyBundle(await bundleOf(log, head), { consistentWith: await fork.head(30) })).ok).toBe(true);
  });

  it('fails for a head signed by another key, of another log, or larger than the bundle', async () => {
    const lines = await bundleOf(log, head);
    const stranger = await signedLog(log.events, generateSigningKey());
    expect((await mismatchOf(lines, { consistentWith: await stranger.head(50) })).reason).toContain("older tree head's signature does not verify");
    const renamed = signTreeHead({ treeSize: 50, root: Buffer.from((await log.head(50)).rootHash, 'base64'), timestamp: new Date(), logId: 'another-log' }, log.key);
    expect((await mismatchOf(lines, { consistentWith: renamed })).reason).toContain('of log another-log');
    expect((await mismatchOf(await bundleOf(log, await log.head(50)), { consistentWith: head })).reason).toContain('more than the bundle');
  });
});

describe('verifying a bundle file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads it line by line and reports progress', async () => {
    const big = await signedLog(recordedEvents(12_000), log.key);
    const file = join(dir, 'bundle.ndjson');
    writeFileSync(file, `${(await bundleOf(big, await big.head())).join('\n')}\n`);
    const progress: number[] = [];
    expect(await verifyBundleFile(file, { onProgress: (events) => progress.push(events) })).toMatchObject({ ok: true, treeSize: 12_000 });
    expect(progress).toEqual([10_000]);
  });
});
