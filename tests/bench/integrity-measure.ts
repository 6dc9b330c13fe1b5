import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RecordedEvent } from '#event-store';
import { canonicalEventBytes } from '#event-store/canonical-form';
import {
  bundleLines,
  eventLeafHash,
  generateSigningKey,
  InMemoryNodeStore,
  leafHash,
  MerkleTree,
  signTreeHead,
  verifyBundleFile,
  verifyConsistency,
  verifyInclusion,
  type BundleEntry,
} from '#integrity';
import { log, machine, timed } from './bench-kit.js';

/**
 * `npm run bench:integrity`: a micro-measure, not part of `npm run bench` or of any test.
 * - proofs from an in-memory tree of INTEGRITY_LEAVES leaves (default 1,000,000): latency per proof and
 *   how many stored nodes each reads;
 * - verifying a bundle of INTEGRITY_BUNDLE_EVENTS events (default 200,000) against a raw SHA-256 of the
 *   same file, and the heap the verifier retains as it goes (after a full garbage collection).
 * Run it on a quiet machine: the figures are only as steady as the machine.
 */
const LEAVES = Number(process.env.INTEGRITY_LEAVES ?? 1_000_000);
const BUNDLE_EVENTS = Number(process.env.INTEGRITY_BUNDLE_EVENTS ?? 200_000);
const PROOFS = 10_000;

const randomBelow = (n: number) => Math.floor(Math.random() * n);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const micro = (ms: number) => `${Math.round(ms * 1000)} µs`;
/** Leaf i of the measured tree, computed when needed so the measure holds no array of a million buffers. */
const leafOf = (i: number) => createHash('sha256').update(`leaf ${i}`).digest();
const heapMegabytes = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function proofs(): Promise<void> {
  const store = new InMemoryNodeStore();
  const tree = await MerkleTree.open(store);
  const { seconds } = await timed(async () => {
    for (let i = 0; i < LEAVES; i += 10_000) await tree.append(Array.from({ length: Math.min(10_000, LEAVES - i) }, (_, j) => leafOf(i + j)));
  });
  log(`built a tree of ${LEAVES.toLocaleString('en')} leaves in ${seconds.toFixed(2)} s (${Math.round(LEAVES / seconds).toLocaleString('en')} leaves/s, batches of 10,000)`);

  for (const kind of ['inclusion', 'consistency'] as const) {
    // The tail is V8's major collections (--trace-gc shows them) and, on a shared machine, waiting for a
    // core; the work of a proof is its one batched read and about as many hashes as nodes read.
    const wall: number[] = [];
    let verified = 0;
    for (let i = -PROOFS / 10; i < PROOFS; i += 1) {
      // The first tenth warms the code up and is not counted.
      if (i === 0) [wall.length, store.reads.length, verified] = [0, 0, 0];
      const size = 1 + randomBelow(LEAVES);
      const other = kind === 'inclusion' ? randomBelow(size) : 1 + randomBelow(size);
      const start = performance.now();
      const proof = kind === 'inclusion' ? await tree.inclusionProof(other, size) : await tree.consistencyProof(other, size);
      const root = await tree.root(size);
      wall.push(performance.now() - start);
      const holds =
        kind === 'inclusion' ? verifyInclusion(leafOf(other), other, size, proof, root) : verifyConsistency(other, size, proof, await tree.root(other), root);
      if (holds) verified += 1;
    }
    wall.sort((a, b) => a - b);
    const mean = wall.reduce((sum, time) => sum + time, 0) / wall.length;
    log(`${PROOFS.toLocaleString('en')} ${kind} proofs with their root, random sizes up to ${LEAVES.toLocaleString('en')}:`);
    log(
      `  mean ${micro(mean)}, median ${micro(percentile(wall, 50))}, p99 ${micro(percentile(wall, 99))}, ` +
        `p99.9 ${micro(percentile(wall, 99.9))}, max ${micro(wall[wall.length - 1])}`,
    );
    log(`  at most ${Math.max(...store.reads)} nodes per read, at most one read for the proof and one for the root; ${verified} of ${PROOFS} verified`);
  }
}

function event(n: number): RecordedEvent {
  return {
    id: `0190f5a2-7c1e-7cc3-9d0e-${String(n).padStart(12, '0')}`,
    stream: `goal-kreis-${n % 560}-${Math.floor(n / 560) % 100}`,
    revision: Math.floor(n / 56_000),
    position: n + 1,
    type: 'GoalStatusChanged',
    schemaVersion: 1,
    data: { status: 'in_progress', reason: 'Quartalsgespräch 2013-Q1: Netzwerk Müssingen, Einen und Milte', occurredAt: '2013-03-28' },
    metadata: {
      actor: 'coordinator@kreis-warendorf.de',
      correlationId: `0190f5a2-0000-7000-8000-${String(n).padStart(12, '0')}`,
      causationId: null,
      occurredAt: '2013-03-28T00:00:00.000Z',
      recordedAt: new Date(Date.UTC(2013, 2, 28) + n).toISOString(),
    },
  };
}

/** Writes a bundle of BUNDLE_EVENTS events to `file`, as the server will export one. */
async function writeBundle(file: string): Promise<void> {
  const key = generateSigningKey();
  const tree = await MerkleTree.open(new InMemoryNodeStore());
  for (let i = 0; i < BUNDLE_EVENTS; i += 10_000) {
    await tree.append(Array.from({ length: Math.min(10_000, BUNDLE_EVENTS - i) }, (_, j) => eventLeafHash(event(i + j))));
  }
  const treeHead = signTreeHead({ treeSize: tree.size, root: await tree.root(), timestamp: new Date(), logId: 'goal-ledger-measure' }, key);
  async function* entries() {
    for (let n = 0; n < BUNDLE_EVENTS; n += 1) yield { event: event(n), leafHash: eventLeafHash(event(n)) };
  }
  async function* withLineEnds() {
    for await (const line of bundleLines({ treeHead, publicKey: key.publicKey.pem }, entries())) yield `${line}\n`;
  }
  await pipeline(Readable.from(withLineEnds()), createWriteStream(file));
}

async function bundles(dir: string): Promise<void> {
  const file = join(dir, 'bundle.ndjson');
  await writeBundle(file);
  const megabytes = statSync(file).size / 2 ** 20;
  const sha = await timed(() => pipeline(createReadStream(file), createHash('sha256')));
  const parse = await timed(async () => {
    const handle = await open(file);
    for await (const line of handle.readLines()) JSON.parse(line);
    await handle.close();
  });
  const leaves = await timed(async () => {
    const handle = await open(file);
    let header = true;
    for await (const line of handle.readLines()) {
      if (!header) leafHash(canonicalEventBytes((JSON.parse(line) as BundleEntry).event));
      header = false;
    }
    await handle.close();
  });
  const verify = await timed(() => verifyBundleFile(file));
  if (!verify.result.ok) throw new Error(`the measured bundle does not verify: ${JSON.stringify(verify.result)}`);
  const rate = (seconds: number) => `${Math.round(BUNDLE_EVENTS / seconds).toLocaleString('en').padStart(9)} events/s  ${(megabytes / seconds).toFixed(0).padStart(4)} MB/s`;
  const row = (label: string, seconds: number) => log(`  ${label.padEnd(42)} ${seconds.toFixed(2).padStart(6)} s  ${rate(seconds)}`);
  log(`bundle of ${BUNDLE_EVENTS.toLocaleString('en')} events, ${megabytes.toFixed(0)} MB:`);
  row('raw SHA-256 of the file', sha.seconds);
  row('read lines + JSON.parse', parse.seconds);
  row('+ canonical bytes (RFC 8785) + leaf hash', leaves.seconds);
  row('verifyBundleFile', verify.seconds);
  log(`  verifying runs at ${((sha.seconds / verify.seconds) * 100).toFixed(1)} % of the rate of a raw SHA-256 over the same bytes`);

  // A second, untimed pass: the heap still in use after a full collection, every 50,000 events.
  const heap: string[] = [];
  const heapBefore = heapMegabytes();
  const onProgress = (events: number) => {
    if (events % 50_000 === 0) heap.push(`${(heapMegabytes() - heapBefore).toFixed(1)} MB after ${events.toLocaleString('en')}`);
  };
  await verifyBundleFile(file, { onProgress });
  log(`  heap retained while verifying: ${heap.join(', ')}`);
}

async function main(): Promise<void> {
  log(JSON.stringify(machine()));
  await proofs();
  global.gc?.();
  const dir = mkdtempSync(join(tmpdir(), 'goal-ledger-integrity-'));
  try {
    await bundles(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`measure failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
