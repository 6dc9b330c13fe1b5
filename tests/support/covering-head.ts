import { expect } from '@jest/globals';
import { verifyTreeHead, type SignedTreeHead } from '#integrity';
import type { Http } from './e2e-http.js';
import { publicKeyOf } from './integrity-http.js';

/**
 * Checks the tree head a view or an export names: signed with the served key, of exactly the events up to
 * `logPosition`, with the root the server's own bundle of that size has.
 */
export async function expectHeadCovering(http: Http, head: SignedTreeHead, logPosition: number): Promise<void> {
  expect(verifyTreeHead(head, await publicKeyOf(http))).toBe(true);
  const events = (await http().get('/v1/events').query({ until: String(logPosition) }).set('Accept', 'application/x-ndjson').buffer(true).expect(200)).text.split('\n').filter(Boolean);
  expect(head.treeSize).toBe(events.length);
  const bundle = (await http().get('/v1/integrity/bundle').query({ treeSize: String(head.treeSize) }).buffer(true).expect(200)).text.split('\n');
  expect((JSON.parse(bundle[0]) as { treeHead: SignedTreeHead }).treeHead.rootHash).toBe(head.rootHash);
}
