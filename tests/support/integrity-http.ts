import { expect } from '@jest/globals';
import type { EventStore, RecordedEvent } from '#event-store';
import { verifyingKeyFromPem, verifyTreeHead, type SignedTreeHead, type VerifyingKey } from '#integrity';
import { merkleTreeReadModel } from '#projections';
import { ProjectionsService } from '../../apps/api/src/projections/projections.service.js';
import type { Http } from './e2e-http.js';
import type { FeedInstance } from './feed-apps.js';

/** The whole log as stored (not upcast): what the tree's leaves cover. */
export async function storedLog(raw: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = await raw.readAll({ after: 0, limit: 1000 }); page.length > 0; page = await raw.readAll({ after: page[page.length - 1].position, limit: 1000 })) {
    events.push(...page);
  }
  return events;
}

/** Waits until the tree holds every event up to `position` (the merkle-tree read model has applied it). */
export async function treeHolds(instance: FeedInstance, position: number): Promise<void> {
  expect(await instance.app.get(ProjectionsService).waitFor(position, [merkleTreeReadModel.name])).toBe(true);
}

/** The log's public key as served. */
export async function publicKeyOf(http: Http): Promise<VerifyingKey> {
  const { body } = await http().get('/v1/integrity/public-key').expect(200);
  return verifyingKeyFromPem((body as { publicKey: string }).publicKey);
}

/** A head of the whole tree issued on request, checked against the served key. */
export async function freshHead(http: Http): Promise<SignedTreeHead> {
  const head = (await http().post('/v1/integrity/tree-head').expect(201)).body as SignedTreeHead;
  expect(verifyTreeHead(head, await publicKeyOf(http))).toBe(true);
  return head;
}
