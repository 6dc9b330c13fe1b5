import { sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { SigningKey, VerifyingKey } from './signing-key.js';

/** What a tree head states: the log `logId` had `treeSize` events with this root at `timestamp`. */
export interface TreeHead {
  readonly treeSize: number;
  /** The RFC 9162 root of the first `treeSize` leaves, base64. */
  readonly rootHash: string;
  /** When the head was issued, ISO 8601. */
  readonly timestamp: string;
  /** Names the log, so that heads of different logs are never compared as one. */
  readonly logId: string;
}

export interface SignedTreeHead extends TreeHead {
  /** Ed25519 over `treeHeadBytes(head)`, base64. */
  readonly signature: string;
}

const base64Of = (bytes: number) => z.base64().refine((value) => Buffer.from(value, 'base64').length === bytes, `must hold ${bytes} bytes`);

/** A signed tree head as it travels (JSON): exactly these fields, so nothing unsigned rides along. */
export const signedTreeHeadSchema = z.strictObject({
  treeSize: z.int().nonnegative(),
  rootHash: base64Of(32),
  timestamp: z.iso.datetime({ offset: true }),
  logId: z.string().min(1),
  signature: base64Of(64),
});

/** The signed bytes: RFC 8785 canonical JSON of the four fields, so any JSON spelling of a head verifies. */
export function treeHeadBytes({ treeSize, rootHash, timestamp, logId }: TreeHead): Buffer {
  // canonicalize answers undefined only for values JSON cannot express; these are a number and strings.
  return Buffer.from(canonicalize({ treeSize, rootHash, timestamp, logId }) as string, 'utf8');
}

export function signTreeHead(head: { treeSize: number; root: Buffer; timestamp: Date; logId: string }, key: SigningKey): SignedTreeHead {
  const unsigned: TreeHead = { treeSize: head.treeSize, rootHash: head.root.toString('base64'), timestamp: head.timestamp.toISOString(), logId: head.logId };
  return { ...unsigned, signature: sign(null, treeHeadBytes(unsigned), key.privateKey).toString('base64') };
}

export function verifyTreeHead(head: SignedTreeHead, key: VerifyingKey): boolean {
  return verify(null, treeHeadBytes(head), key.key, Buffer.from(head.signature, 'base64'));
}

/** The root a head signs, as bytes. */
export function rootOf(head: TreeHead): Buffer {
  return Buffer.from(head.rootHash, 'base64');
}
