import { z } from 'zod';
import type { RecordedEvent } from '#event-store';
import { signedTreeHeadSchema, type SignedTreeHead } from './tree-head.js';

/**
 * An offline bundle is NDJSON: a header line, then one line per leaf of the signed tree, in leaf order.
 * Each leaf line carries the event as the log stores it and the leaf hash the tree recorded for it, so a
 * verifier can name the first event that does not match instead of only "the root differs"; the recorded
 * hashes are trusted only because together they must make the signed root.
 */
export const BUNDLE_KIND = 'goal-ledger-bundle';
export const BUNDLE_VERSION = 1;

export interface BundleHeader {
  readonly kind: typeof BUNDLE_KIND;
  readonly version: typeof BUNDLE_VERSION;
  readonly treeHead: SignedTreeHead;
  /** SPKI PEM of the key that signed the tree head. */
  readonly publicKey: string;
}

export interface BundleEntry {
  /** Leaf index: 0 for the first event in position order. */
  readonly index: number;
  /** The leaf hash the tree recorded for this index, base64. */
  readonly leafHash: string;
  readonly event: RecordedEvent;
}

export const bundleHeaderSchema = z.object({
  kind: z.literal(BUNDLE_KIND),
  version: z.literal(BUNDLE_VERSION),
  treeHead: signedTreeHeadSchema,
  publicKey: z.string().min(1),
});

/**
 * Only the position is checked here (the verifier needs it for the order). Every other member is hashed as
 * it stands: one missing or changed gives other canonical bytes, so its leaf does not match.
 */
const eventSchema = z.looseObject({ position: z.int().positive() }).transform((event) => event as unknown as RecordedEvent);

export const bundleEntrySchema = z.object({
  index: z.int().nonnegative(),
  leafHash: z.base64().refine((value) => Buffer.from(value, 'base64').length === 32, 'must hold 32 bytes'),
  event: eventSchema,
});

/** The lines of a bundle (without line ends): the header, then one per `{ event, leafHash }` in leaf order. */
export async function* bundleLines(
  header: Omit<BundleHeader, 'kind' | 'version'>,
  leaves: AsyncIterable<{ event: RecordedEvent; leafHash: Buffer }> | Iterable<{ event: RecordedEvent; leafHash: Buffer }>,
): AsyncGenerator<string> {
  yield JSON.stringify({ kind: BUNDLE_KIND, version: BUNDLE_VERSION, ...header } satisfies BundleHeader);
  let index = 0;
  for await (const { event, leafHash } of leaves) {
    yield JSON.stringify({ index, leafHash: leafHash.toString('base64'), event } satisfies BundleEntry);
    index += 1;
  }
}
