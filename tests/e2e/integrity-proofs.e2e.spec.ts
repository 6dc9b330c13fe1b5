import { beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { eventLeafHash, rootOf, verifyConsistency, verifyInclusion, verifyTreeHead, type SignedTreeHead, type VerifyingKey } from '#integrity';
import { expectProblem, offending, type Http } from '../support/e2e-http.js';
import { headAtLeast, newEvents, streamName } from '../support/events.js';
import { onBothFeedStores, recordGoalsVisibly, type FeedSuite } from '../support/feed-apps.js';
import { freshHead, publicKeyOf, storedLog, treeHolds } from '../support/integrity-http.js';

interface InclusionBody {
  position: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
  treeHead: SignedTreeHead;
}

interface ConsistencyBody {
  from: number;
  to: number;
  fromRootHash: string;
  proof: string[];
  treeHead: SignedTreeHead;
}

const bytes = (proof: string[]) => proof.map((hash) => Buffer.from(hash, 'base64'));

/** Appends events directly to the log and waits until every instance's tree holds them. */
async function grow(suite: FeedSuite, count: number): Promise<void> {
  const [{ raw, store }] = suite.instances();
  const { position } = await raw.append(streamName('proofs'), newEvents(count), 'no-stream');
  await headAtLeast(store, position);
  for (const instance of suite.instances()) await treeHolds(instance, position);
}

onBothFeedStores({}, (suite) => {
  let http: Http;
  let key: VerifyingKey;
  let older: SignedTreeHead;
  let log: RecordedEvent[];

  beforeAll(async () => {
    http = suite.instances()[0].http;
    await recordGoalsVisibly(suite.instances()[0].store, 5);
    await grow(suite, 3);
    key = await publicKeyOf(http);
    older = await freshHead(http);
    await grow(suite, 40);
    log = await storedLog(suite.instances()[0].raw);
  });

  const inclusion = async (query: Record<string, string>, instance = http) => (await instance().get('/v1/integrity/proofs/inclusion').query(query).expect(200)).body as InclusionBody;
  const consistency = async (query: Record<string, string>, instance = http) => (await instance().get('/v1/integrity/proofs/consistency').query(query).expect(200)).body as ConsistencyBody;

  describe('inclusion proofs', () => {
    it('prove each event of the whole tree by the leaf computed from its stored bytes, against a signed head', async () => {
      for (const [index, event] of [[0, log[0]], [17, log[17]], [log.length - 1, log[log.length - 1]]] as const) {
        for (const { http: instance } of suite.instances()) {
          const body = await inclusion({ position: String(event.position) }, instance);
          expect(body).toMatchObject({ position: event.position, leafIndex: index, treeSize: log.length, leafHash: eventLeafHash(event).toString('base64') });
          expect(verifyTreeHead(body.treeHead, key)).toBe(true);
          expect(body.treeHead.treeSize).toBe(log.length);
          expect(verifyInclusion(eventLeafHash(event), index, log.length, bytes(body.proof), rootOf(body.treeHead))).toBe(true);
          // The same path does not prove another event there.
          expect(verifyInclusion(eventLeafHash(log[(index + 1) % log.length]), index, log.length, bytes(body.proof), rootOf(body.treeHead))).toBe(false);
        }
      }
    });

    it('prove an event in the tree of an older head, against that head’s own root', async () => {
      const index = older.treeSize - 1;
      const body = await inclusion({ position: String(log[index].position), treeSize: String(older.treeSize) });
      expect(body).toMatchObject({ leafIndex: index, treeSize: older.treeSize, treeHead: { rootHash: older.rootHash, treeSize: older.treeSize } });
      expect(verifyInclusion(eventLeafHash(log[index]), index, older.treeSize, bytes(body.proof), rootOf(older))).toBe(true);
    });

    it('sign a head of an older size with the time the log had that size, the same when asked again', async () => {
      const index = older.treeSize - 1;
      const query = { position: String(log[index].position), treeSize: String(older.treeSize) };
      const [first, again] = [await inclusion(query), await inclusion(query)];
      expect(first.treeHead.timestamp).toBe(log[index].metadata.recordedAt);
      expect(again.treeHead).toEqual(first.treeHead);
      expect((await consistency({ from: '1', to: String(older.treeSize) })).treeHead).toEqual(first.treeHead);
    });

    it('answer 404 for a position the tree does not hold, or holds after the tree asked about', async () => {
      expectProblem(await http().get('/v1/integrity/proofs/inclusion').query({ position: String(log[log.length - 1].position + 1000) }), 404, 'not-found');
      const later = log[older.treeSize];
      const response = await http().get('/v1/integrity/proofs/inclusion').query({ position: String(later.position), treeSize: String(older.treeSize) });
      expect(expectProblem(response, 404, 'not-found')).toMatchObject({ leafIndex: older.treeSize });
    });
  });

  describe('consistency proofs', () => {
    it('prove that an older signed head is a prefix of the whole tree, and of any size between', async () => {
      for (const { http: instance } of suite.instances()) {
        const body = await consistency({ from: String(older.treeSize) }, instance);
        expect(body).toMatchObject({ from: older.treeSize, to: log.length, fromRootHash: older.rootHash });
        expect(verifyTreeHead(body.treeHead, key)).toBe(true);
        expect(verifyConsistency(older.treeSize, log.length, bytes(body.proof), rootOf(older), rootOf(body.treeHead))).toBe(true);
      }
      for (const [from, to] of [[1, 2], [1, log.length], [3, 17], [16, 32], [older.treeSize, older.treeSize + 1], [0, 9], [20, 20]]) {
        const body = await consistency({ from: String(from), to: String(to) });
        expect(body).toMatchObject({ from, to, treeHead: { treeSize: to } });
        expect({ from, to, verified: verifyConsistency(from, to, bytes(body.proof), Buffer.from(body.fromRootHash, 'base64'), rootOf(body.treeHead)) }).toEqual({ from, to, verified: true });
      }
    });

    it('do not verify against a head of another history', async () => {
      const body = await consistency({ from: String(older.treeSize) });
      const forged = Buffer.from(older.rootHash, 'base64');
      forged[0] ^= 1;
      expect(verifyConsistency(older.treeSize, log.length, bytes(body.proof), forged, rootOf(body.treeHead))).toBe(false);
    });
  });

  describe('bad parameters', () => {
    it('are refused with one problem naming each of them', async () => {
      const cases: [string, Record<string, string>, string[]][] = [
        ['/v1/integrity/proofs/inclusion', {}, ['query:position']],
        ['/v1/integrity/proofs/inclusion', { position: 'abc', treeSize: '-1' }, ['query:position', 'query:treeSize']],
        ['/v1/integrity/proofs/inclusion', { position: '1e3', treeSize: '0x10', extra: '1' }, ['query:extra', 'query:position', 'query:treeSize']],
        ['/v1/integrity/proofs/consistency', {}, ['query:from']],
        ['/v1/integrity/proofs/consistency', { from: '1.5', to: 'x' }, ['query:from', 'query:to']],
        ['/v1/integrity/proofs/consistency', { from: '5', to: '4' }, ['query:from']],
      ];
      for (const [path, query, fields] of cases) {
        const response = await http().get(path).query(query);
        expectProblem(response, 400, 'validation-failed');
        expect({ path, query, fields: offending(response).sort() }).toEqual({ path, query, fields });
      }
    });

    it('answer 409 for a tree size the tree has not reached, naming the size it has', async () => {
      const size = String(log.length + 1);
      for (const [path, query] of [
        ['/v1/integrity/proofs/inclusion', { position: String(log[0].position), treeSize: size }],
        ['/v1/integrity/proofs/consistency', { from: '1', to: size }],
        ['/v1/integrity/proofs/consistency', { from: size }],
      ] as const) {
        const problem = expectProblem(await http().get(path).query(query), 409, 'tree-size-not-reached');
        expect(problem).toMatchObject({ treeSize: log.length });
      }
    });
  });
});
