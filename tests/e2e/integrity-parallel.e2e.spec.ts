import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { EventStore } from '#event-store';
import { eventLeafHash, merkleTreeHash, rootOf, verifyInclusion, verifyTreeHead, type SignedTreeHead } from '#integrity';
import { merkleTreeReadModel } from '#projections';
import { LogTree } from '../../apps/api/src/integrity/log-tree.js';
import { ProjectionsService } from '../../apps/api/src/projections/projections.service.js';
import { temporaryDataDir } from '../support/app.js';
import { headAtLeast, newEvents, streamName, warmUp } from '../support/events.js';
import { recordGoalsVisibly, startFeedApp, type FeedInstance } from '../support/feed-apps.js';
import { freshHead, publicKeyOf, storedLog, treeHolds } from '../support/integrity-http.js';
import { describePostgres, dropSchemas, holdAppendOpen, testDatabaseUrl, uniqueSchema, type HeldAppend } from '../support/postgres.js';

/** Concurrent writers, each appending this many times this many events to a stream of its own, while earlier appends are held open. */
const WRITERS = 8;
const APPENDS = 4;
const EVENTS = 3;

type ReadAll = EventStore['readAll'];

/**
 * A point to wait for: every subscription the store serves (among them, on the instance that holds its lease,
 * the merkle-tree sequencer's) has read the log twice since — so whatever the first of those reads returned
 * has been handed to the read model and committed before the second began. The subscriptions are the
 * store's (a SubscriptionHub's `active` set); each reads through its own source object, which this wraps.
 */
function everySubscriptionReadsAgain(store: EventStore): Promise<number> {
  const hub = (store as unknown as { subscriptions: { active: Set<{ source: { readAll: ReadAll } }> } }).subscriptions;
  const subscriptions = [...hub.active];
  return Promise.all(
    subscriptions.map(
      ({ source }) =>
        new Promise<void>((resolve) => {
          const readAll = source.readAll;
          let reads = 0;
          source.readAll = (options) => {
            reads += 1;
            if (reads === 2) {
              source.readAll = readAll;
              resolve();
            }
            return readAll(options);
          };
        }),
    ),
  ).then(() => subscriptions.length);
}

/** The tree's recorded leaves, asking for more than `size` so that any leaf beyond the log shows too. */
async function recordedLeaves(instance: FeedInstance, size: number) {
  return instance.app.get(LogTree).nodes().leaves(0, size + 100);
}

describePostgres('the log’s Merkle tree on PostgreSQL while appends commit out of position order, two instances', () => {
  const schema = uniqueSchema('gl_tree_par');
  const data = temporaryDataDir();
  const instances: FeedInstance[] = [];
  const held: HeldAppend[] = [];

  beforeAll(async () => {
    const config = { store: 'postgres' as const, databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path };
    instances.push(await startFeedApp(config, {}), await startFeedApp(config, {}));
    await recordGoalsVisibly(instances[0].store, 3);
    const head = await instances[0].store.headPosition();
    for (const instance of instances) await treeHolds(instance, head);
  });

  /** Which instance holds the merkle-tree read model's lease: the one whose runner appends the leaves. */
  async function merkleTreeHolder(): Promise<number> {
    const holders = [];
    for (const [i, { app }] of instances.entries()) if ((await app.get(ProjectionsService).status()).some((status) => status.name === merkleTreeReadModel.name && status.holder)) holders.push(i);
    expect(holders).toHaveLength(1);
    return holders[0];
  }

  afterAll(async () => {
    // An open transaction would hold back every reader of the database, and the schema's drop.
    await Promise.all(held.map((append) => append.commit()));
    await Promise.all(instances.map(({ app }) => app.close()));
    await dropSchemas([schema]);
    data.remove();
  });

  it('appends every event exactly once, in position order, although later appends committed first', async () => {
    const [{ raw, store, http }] = instances;
    await warmUp(raw);
    const prefix = await storedLog(raw);
    const key = await publicKeyOf(http);

    // Two appends draw the lowest positions and stay open; eight writers append after them and commit.
    const first = await holdAppendOpen(raw, streamName('late'), newEvents(2, 1000));
    held.push(first);
    const second = await holdAppendOpen(raw, streamName('late'), newEvents(1, 2000));
    held.push(second);
    expect(second.position).toBeGreaterThan(first.position);
    const written = await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const stream = streamName('writer');
        const positions: number[] = [];
        for (let append = 0; append < APPENDS; append++) {
          positions.push((await raw.append(stream, newEvents(EVENTS, writer * 100 + append * EVENTS), append === 0 ? 'no-stream' : append * EVENTS - 1)).position);
        }
        return positions;
      }),
    );
    const later = written.flat();
    const holder = await merkleTreeHolder();
    // Every one of them committed after the two open appends drew their positions, and stands after them.
    expect(Math.min(...later)).toBeGreaterThan(second.position);

    // Every subscription, the sequencer's among them, has read the log since those commits (and handed over
    // what it read); the tree must still stop at the hole.
    const stopsAtTheHole = async () => {
      const watched = await Promise.all(instances.map(({ raw: each }) => everySubscriptionReadsAgain(each)));
      expect(watched[holder]).toBeGreaterThan(0);
      for (const instance of instances) {
        const head = await freshHead(instance.http);
        expect({ treeSize: head.treeSize, rootHash: head.rootHash }).toEqual({ treeSize: prefix.length, rootHash: merkleTreeHash(prefix.map(eventLeafHash)).toString('base64') });
      }
      expect((await recordedLeaves(instances[0], prefix.length)).map((leaf) => leaf.position)).toEqual(prefix.map((event) => event.position));
    };
    await stopsAtTheHole();
    // The second open append commits before the first, which drew lower positions: still a hole below it.
    await second.commit();
    await stopsAtTheHole();
    await first.commit();

    const last = Math.max(...later);
    await headAtLeast(store, last);
    for (const instance of instances) await treeHolds(instance, last);
    const log = await storedLog(raw);
    expect(log).toHaveLength(prefix.length + 2 + 1 + WRITERS * APPENDS * EVENTS);
    const positions = log.map((event) => event.position);
    for (const position of [first.position - 1, first.position, second.position, ...later]) expect(positions).toContain(position);

    // Every event once, in position order, each leaf the hash of that event's stored canonical bytes.
    const leaves = await recordedLeaves(instances[1], log.length);
    expect(leaves.map((leaf) => [leaf.index, leaf.position])).toEqual(log.map((event, index) => [index, event.position]));
    expect(leaves.map((leaf) => leaf.hash.toString('base64'))).toEqual(log.map((event) => eventLeafHash(event).toString('base64')));

    const root = merkleTreeHash(log.map(eventLeafHash)).toString('base64');
    const heads: SignedTreeHead[] = [];
    for (const instance of instances) heads.push(await freshHead(instance.http));
    for (const head of heads) expect({ treeSize: head.treeSize, rootHash: head.rootHash }).toEqual({ treeSize: log.length, rootHash: root });

    // The late events are proven at their place in position order, and the server's own walk agrees.
    const index = positions.indexOf(first.position);
    const proof = (await http().get('/v1/integrity/proofs/inclusion').query({ position: String(first.position) }).expect(200)).body as { leafIndex: number; proof: string[]; treeHead: SignedTreeHead };
    expect(proof.leafIndex).toBe(index);
    expect(verifyTreeHead(proof.treeHead, key)).toBe(true);
    expect(verifyInclusion(eventLeafHash(log[index]), index, log.length, proof.proof.map((hash) => Buffer.from(hash, 'base64')), rootOf(heads[0]))).toBe(true);
    for (const instance of instances) {
      const report = JSON.parse((await instance.http().get('/v1/integrity/verify').buffer(true).expect(200)).text as string) as { ok: boolean; treeSize: number; rootHash: string };
      expect(report).toMatchObject({ ok: true, treeSize: log.length, rootHash: root });
    }
  });
});
