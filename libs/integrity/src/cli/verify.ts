import { readFile, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { verifyBundleFile } from '../bundle-verifier.js';
import type { VerificationReport } from '../log-verifier.js';
import { verifyingKeyFromPem, type VerifyingKey } from '../signing-key.js';
import { signedTreeHeadSchema, type SignedTreeHead } from '../tree-head.js';

/**
 * `npm run verify -- <bundle.ndjson> [--consistent-with <tree-head.json> [--older-key <public-key.pem>]] [--fingerprint <hex>]`: checks an
 * offline bundle without the server, with the library's verifier. Exit 0 when it verifies, 1 with the first
 * mismatch when it does not, 2 when the command itself is wrong. One summary line on stdout; progress on
 * stderr while a large bundle is read.
 */
const USAGE =
  'usage: npm run verify -- <bundle.ndjson> [--consistent-with <older-tree-head.json> [--older-key <public key PEM that signed it>]] [--fingerprint <sha256 hex of the log key>]';

class UsageError extends Error {}

interface Arguments {
  readonly bundle: string;
  readonly consistentWith?: SignedTreeHead;
  readonly olderKey?: VerifyingKey;
  readonly fingerprint?: string;
}

async function parseArguments(argv: string[]): Promise<Arguments | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'consistent-with': { type: 'string' }, 'older-key': { type: 'string' }, fingerprint: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the bundle to verify' : `one bundle at a time, not ${positionals.length}`);
  if (values.fingerprint !== undefined && !/^[0-9a-f]{64}$/i.test(values.fingerprint)) throw new UsageError('--fingerprint takes 64 hex digits (SHA-256 of the key)');
  const olderHead = values['consistent-with'];
  const olderKey = values['older-key'];
  if (olderKey !== undefined && olderHead === undefined) throw new UsageError('--older-key names the key of the --consistent-with head; give that head too');
  return {
    bundle: positionals[0],
    fingerprint: values.fingerprint,
    consistentWith: olderHead === undefined ? undefined : await readTreeHead(olderHead),
    olderKey: olderKey === undefined ? undefined : await readPublicKey(olderKey),
  };
}

async function readPublicKey(file: string): Promise<VerifyingKey> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the older key ${file}: ${(error as Error).message}`);
  }
  try {
    return verifyingKeyFromPem(pem);
  } catch (error) {
    throw new UsageError(`${file} is not a public key in PEM: ${(error as Error).message}`);
  }
}

async function readTreeHead(file: string): Promise<SignedTreeHead> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the older tree head ${file}: ${(error as Error).message}`);
  }
  const head = signedTreeHeadSchema.safeParse(json);
  if (!head.success) throw new UsageError(`${file} is not a signed tree head: ${head.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return head.data;
}

/** Progress on stderr at most once a second, so a bundle of millions of events shows it is moving. */
function progressReporter(): (events: number) => void {
  const start = performance.now();
  let last = start;
  return (events) => {
    const now = performance.now();
    if (now - last < 1000) return;
    last = now;
    const rate = Math.round(events / ((now - start) / 1000));
    process.stderr.write(`verified ${events.toLocaleString('en')} events (${rate.toLocaleString('en')} events/s)\n`);
  };
}

function summary(report: VerificationReport): string {
  if (report.ok) {
    const extension = report.consistentWith ? `; it extends the older tree head of ${report.consistentWith.treeSize} events` : '';
    return `verified: ${report.treeSize} events of log ${report.logId}, root ${report.rootHash}, signed ${report.timestamp} by key ${report.fingerprint}${extension}`;
  }
  const { index, position, reason } = report.firstMismatch;
  const where = [index === null ? '' : `leaf ${index}`, position === null ? '' : `position ${position}`].filter(Boolean).join(', ');
  return `NOT VERIFIED${where ? ` at ${where}` : ''}: ${reason}`;
}

async function main(argv: string[]): Promise<number> {
  const args = await parseArguments(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const bundle = await stat(args.bundle).catch((error: Error) => {
    throw new UsageError(`cannot read the bundle: ${error.message}`);
  });
  if (!bundle.isFile()) throw new UsageError(`${args.bundle} is not a file`);
  const report = await verifyBundleFile(args.bundle, { consistentWith: args.consistentWith, olderKey: args.olderKey, fingerprint: args.fingerprint, onProgress: progressReporter() });
  process.stdout.write(`${summary(report)}\n`);
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(usage ? `${error.message}\n${USAGE}\n` : `verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
