import { open } from 'node:fs/promises';
import type { z } from 'zod';
import { bundleEntrySchema, bundleHeaderSchema, type BundleHeader } from './bundle-format.js';
import { LogVerifier, type Mismatch, type VerificationReport } from './log-verifier.js';
import { addressesOf, assemble, consistencyPlan, type NodeAddress, type Plan } from './proof-plans.js';
import { verifyingKeyFromPem, type VerifyingKey } from './signing-key.js';
import { rootOf, verifyTreeHead, type SignedTreeHead } from './tree-head.js';
import { verifyConsistency } from './verify-proofs.js';

export interface BundleVerificationOptions {
  /** An older signed tree head of the same log: the bundle must extend it. */
  readonly consistentWith?: SignedTreeHead;
  /**
   * The key that signed `consistentWith`, when it is not the bundle's (the log's key was changed since);
   * else the older head must verify with the bundle's key.
   */
  readonly olderKey?: VerifyingKey;
  /** The key fingerprint the evaluator expects (from the log's operator); else any key the bundle names. */
  readonly fingerprint?: string;
  /** Called every `PROGRESS_EVERY` events with the number verified so far. */
  readonly onProgress?: (events: number) => void;
}

export const PROGRESS_EVERY = 10_000;

const failed = (index: number | null, position: number | null, reason: string): VerificationReport => ({ ok: false, firstMismatch: { index, position, reason } });

/** Verifies a bundle file line by line, without holding it in memory. */
export async function verifyBundleFile(file: string, options: BundleVerificationOptions = {}): Promise<VerificationReport> {
  const handle = await open(file);
  try {
    return await verifyBundle(handle.readLines(), options);
  } finally {
    await handle.close();
  }
}

/**
 * Checks a bundle without the server: the tree head's signature, every event against its recorded leaf,
 * the order of positions, the root, and, given an older head, a consistency proof computed from the
 * bundle's own leaves. Reports the first mismatch, or what was verified.
 */
export async function verifyBundle(lines: AsyncIterable<string> | Iterable<string>, options: BundleVerificationOptions = {}): Promise<VerificationReport> {
  let start: Start | undefined;
  let expected = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!start) {
      const begun = begin(line, options);
      if ('ok' in begun) return begun;
      start = begun;
      continue;
    }
    const mismatch = checkEntry(line, expected, start.verifier);
    if (mismatch) return { ok: false, firstMismatch: mismatch };
    expected += 1;
    if (expected % PROGRESS_EVERY === 0) options.onProgress?.(expected);
  }
  return start ? finish(start) : failed(null, null, 'the bundle is empty');
}

/** Checks the line of leaf `expected`. */
function checkEntry(line: string, expected: number, verifier: LogVerifier): Mismatch | undefined {
  const entry = parse(line, bundleEntrySchema);
  if (typeof entry === 'string') return { index: expected, position: null, reason: `the line of leaf ${expected} is not a bundle entry: ${entry}` };
  const { index, leafHash, event } = entry;
  if (index !== expected) {
    return { index: expected, position: event.position, reason: `the line of leaf ${expected} holds leaf ${index}: lines are missing, repeated or out of order` };
  }
  return verifier.next(event, Buffer.from(leafHash, 'base64'));
}

interface Start {
  readonly header: BundleHeader;
  readonly key: VerifyingKey;
  readonly verifier: LogVerifier;
  readonly older?: { readonly head: SignedTreeHead; readonly plan: Plan; readonly addresses: readonly NodeAddress[] };
}

/** Reads the header and checks everything that does not need the events: key, signatures, sizes. */
function begin(line: string, { consistentWith, olderKey, fingerprint }: BundleVerificationOptions): Start | VerificationReport {
  const header = parse(line, bundleHeaderSchema);
  if (typeof header === 'string') return failed(null, null, `the first line is not a goal-ledger bundle header: ${header}`);
  let key: VerifyingKey;
  try {
    key = verifyingKeyFromPem(header.publicKey);
  } catch (error) {
    return failed(null, null, `the bundle's public key cannot be used: ${(error as Error).message}`);
  }
  if (fingerprint && key.fingerprint !== fingerprint.toLowerCase()) return failed(null, null, `the bundle is signed by key ${key.fingerprint}, not by ${fingerprint}`);
  const head = header.treeHead;
  if (!verifyTreeHead(head, key)) return failed(null, null, `the tree head's signature does not verify with key ${key.fingerprint}`);
  if (!consistentWith) return { header, key, verifier: new LogVerifier(head) };

  const olderSigner = olderKey ?? key;
  if (!verifyTreeHead(consistentWith, olderSigner)) return failed(null, null, `the older tree head's signature does not verify with key ${olderSigner.fingerprint}`);
  if (consistentWith.logId !== head.logId) return failed(null, null, `the older tree head is of log ${consistentWith.logId}, the bundle of log ${head.logId}`);
  if (consistentWith.treeSize > head.treeSize) return failed(null, null, `the older tree head signs ${consistentWith.treeSize} events, more than the bundle's ${head.treeSize}`);
  const proves = 0 < consistentWith.treeSize && consistentWith.treeSize < head.treeSize;
  const plan = proves ? consistencyPlan(consistentWith.treeSize, head.treeSize) : [];
  const addresses = addressesOf(plan);
  return { header, key, verifier: new LogVerifier(head, addresses), older: { head: consistentWith, plan, addresses } };
}

function finish({ header, key, verifier, older }: Start): VerificationReport {
  const mismatch = verifier.finish();
  if (mismatch) return { ok: false, firstMismatch: mismatch };
  const { treeSize, rootHash, timestamp, logId } = header.treeHead;
  const report = { ok: true as const, treeSize, rootHash, timestamp, logId, fingerprint: key.fingerprint };
  if (!older) return report;
  const proof = older.addresses.length === 0 ? [] : assemble(older.plan, older.addresses, verifier.keptHashes(older.addresses));
  if (!verifyConsistency(older.head.treeSize, treeSize, proof, rootOf(older.head), rootOf(header.treeHead))) {
    return failed(null, null, `the log does not extend the older tree head: its first ${older.head.treeSize} events do not make the root ${older.head.rootHash}`);
  }
  return { ...report, consistentWith: { treeSize: older.head.treeSize, rootHash: older.head.rootHash } };
}

/** The line as T, or why it is not one. */
function parse<T>(line: string, schema: z.ZodType<T>): T | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const result = schema.safeParse(json);
  return result.success ? result.data : result.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
}
