import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** A bundle as served, as its lines, and the response it came in. */
export async function bundleOf(http: Http, query: Record<string, string> = {}): Promise<{ lines: string[]; contentType: string; disposition: string }> {
  const response = await http()
    .get('/v1/integrity/bundle')
    .query(query)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    })
    .expect(200);
  const text = response.body as string;
  expect(text.endsWith('\n')).toBe(true);
  return { lines: text.slice(0, -1).split('\n'), contentType: String(response.headers['content-type']), disposition: String(response.headers['content-disposition']) };
}

/** Runs the built `npm run verify` command; resolves with its exit code and output whatever the code. */
export function verifyCommand(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = fileURLToPath(new URL('../../dist/libs/integrity/src/cli/verify.js', import.meta.url));
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}
