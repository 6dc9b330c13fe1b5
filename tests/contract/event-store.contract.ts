import { afterEach, describe, expect, it } from '@jest/globals';
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { eventually, metadata, newEvent, newEvents, sleep, streamName } from '../support/events.js';

export interface EventStoreHarness {
  /** A fresh, empty store. */
  open(): Promise<EventStore>;
  /** Closes the store and opens a new one on the same data, as a restarted process would. */
  reopen(store: EventStore): Promise<EventStore>;
  /**
   * Starts an append inside a transaction that commits only when `commit` is called, so the test can
   * make a transaction commit after others that started later. Adapters whose appends cannot
   * interleave (the embedded store has a single writer) leave it out.
   */
  beginLateAppend?(store: EventStore, stream: string, events: NewEvent[]): Promise<{ commit(): Promise<void> }>;
}

/** The one contract every EventStore adapter passes unchanged. */
export function eventStoreContract(name: string, harness: EventStoreHarness): void {
  describe(`${name} honours the EventStore contract`, () => {
    const open: EventStore[] = [];
    const openStore = async () => {
      const store = await harness.open();
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });

    describe('appending and reading a stream', () => {
      it('numbers a new stream\'s events from revision 0 and reads them back with their metadata', async () => {
        const store = await openStore();
        const stream = streamName();
        const events = [newEvent(1, { data: { text: 'Müssingen, Einen & Milte', nested: { list: [1, 'zwei'] } } }), newEvent(2)];
        const result = await store.append(stream, events, 'no-stream');

        const read = await store.readStream(stream);
        expect(result).toEqual({ revision: 1, position: read[1].position, duplicate: false });
        expect(read.map((e) => [e.id, e.stream, e.revision, e.type, e.schemaVersion])).toEqual([
          [events[0].id, stream, 0, 'TestHappened', 1],
          [events[1].id, stream, 1, 'TestHappened', 1],
        ]);
        expect(read[0].data).toEqual({ text: 'Müssingen, Einen & Milte', nested: { list: [1, 'zwei'] } });
        expect(read[0].metadata).toEqual({ ...metadata, recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
      });

      it('reads a stream from a revision with a limit', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, newEvents(5), 'no-stream');
        const page = await store.readStream(stream, { fromRevision: 2, limit: 2 });
        expect(page.map((e) => e.revision)).toEqual([2, 3]);
      });

      it('reads an unknown stream as empty', async () => {
        const store = await openStore();
        expect(await store.readStream(streamName())).toEqual([]);
      });

      it('keeps the schema version an event was written with', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, [newEvent(1, { schemaVersion: 3 })], 'any');
        expect((await store.readStream(stream))[0].schemaVersion).toBe(3);
      });

      it('finds an event by id and answers undefined for an unknown id', async () => {
        const store = await openStore();
        const event = newEvent(1);
        await store.append(streamName(), [event], 'any');
        expect((await store.readEvent(event.id))?.id).toBe(event.id);
        expect(await store.readEvent(newEvent(2).id)).toBeUndefined();
        expect(await store.readEvent('not-a-uuid')).toBeUndefined();
      });
    });

    describe('expected revision', () => {
      it('rejects a stale expected revision with WrongExpectedRevisionError and appends nothing', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, newEvents(2), 'no-stream');
        const head = await store.headPosition();

        const stale = store.append(stream, [newEvent(9)], 0);
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(stale).rejects.toMatchObject({ stream, expected: 0, actual: 1 });
        expect((await store.readStream(stream)).length).toBe(2);
        expect(await store.headPosition()).toBe(head);
      });

      it('rejects no-stream when the stream exists, and an exact revision when it does not', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, [newEvent(1)], 'no-stream');
        await expect(store.append(stream, [newEvent(2)], 'no-stream')).rejects.toMatchObject({ actual: 0 });
        await expect(store.append(streamName(), [newEvent(3)], 0)).rejects.toMatchObject({ actual: 'no-stream' });
      });

      it('accepts the exact current revision and any', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, [newEvent(1)], 'no-stream');
        expect((await store.append(stream, [newEvent(2)], 0)).revision).toBe(1);
        expect((await store.append(stream, [newEvent(3)], 'any')).revision).toBe(2);
      });

      it('lets exactly one of several writers expecting the same revision win', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, [newEvent(0)], 'no-stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append(stream, [newEvent(i + 1)], 0)));

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o) => o.status === 'rejected')) {
          expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
      });
    });

    describe('atomicity and idempotency', () => {
      it('stores all events of a batch or none of them', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, [newEvent(0)], 'no-stream');
        const repeated = newEvent(1);
        // The third event repeats the first id: the first two inserts succeed before the batch fails.
        const failing = store.append(stream, [repeated, newEvent(2), { ...newEvent(3), id: repeated.id }], 0);

        await expect(failing).rejects.toBeInstanceOf(EventIdConflictError);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0]);
        expect(await store.readEvent(repeated.id)).toBeUndefined();
        expect((await store.append(stream, [newEvent(4)], 0)).revision).toBe(1);
      });

      it('treats re-appending already stored event ids as a no-op with the first result', async () => {
        const store = await openStore();
        const stream = streamName();
        const events = newEvents(2);
        const first = await store.append(stream, events, 'no-stream');
        await store.append(streamName(), [newEvent(7)], 'any');
        const head = await store.headPosition();

        // A retry still carries the expectation of the first attempt, which is stale by now.
        const retry = await store.append(stream, events, 'no-stream');
        expect(retry).toEqual({ ...first, duplicate: true });
        expect((await store.readStream(stream)).length).toBe(2);
        expect(await store.headPosition()).toBe(head);
      });

      it('refuses a batch that mixes stored and new event ids, and appends nothing', async () => {
        const store = await openStore();
        const stream = streamName();
        const [stored] = newEvents(1);
        await store.append(stream, [stored], 'no-stream');
        await expect(store.append(stream, [stored, newEvent(2)], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        expect((await store.readStream(stream)).length).toBe(1);
      });

      it('refuses an event id that is stored in another stream', async () => {
        const store = await openStore();
        const event = newEvent(1);
        await store.append(streamName(), [event], 'no-stream');
        await expect(store.append(streamName(), [event], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
      });
    });

    describe('the global log', () => {
      it('gives strictly increasing positions across streams and pages through them', async () => {
        const store = await openStore();
        for (let i = 0; i < 5; i += 1) await store.append(streamName(), newEvents(3, i * 3), 'no-stream');

        const all: RecordedEvent[] = [];
        let after = 0;
        for (;;) {
          const page = await store.readAll({ after, limit: 4 });
          if (page.length === 0) break;
          all.push(...page);
          after = page[page.length - 1].position;
        }
        expect(all.map((e) => e.data.n)).toEqual(Array.from({ length: 15 }, (_, i) => i));
        all.slice(1).forEach((e, i) => expect(e.position).toBeGreaterThan(all[i].position));
        expect(await store.headPosition()).toBe(all[14].position);
      });

      it('reports head position 0 for an empty log', async () => {
        const store = await openStore();
        expect(await store.headPosition()).toBe(0);
        expect(await store.readAll({ after: 0, limit: 10 })).toEqual([]);
      });

      it('keeps every acknowledged event when reopened', async () => {
        let store = await openStore();
        const stream = streamName();
        const events = newEvents(3);
        await store.append(stream, events, 'no-stream');
        open.splice(open.indexOf(store), 1);
        store = await harness.reopen(store);
        open.push(store);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect((await store.append(stream, [newEvent(4)], 2)).revision).toBe(3);
      });
    });

    describe('subscriptions', () => {
      it('hands a subscriber every committed event exactly once, in position order, under 8 concurrent writers', async () => {
        const store = await openStore();
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: 0, batchSize: 7, onEvents: (events) => void received.push(...events) });

        const late = harness.beginLateAppend
          ? await harness.beginLateAppend(store, streamName(), [newEvent(-1)])
          : undefined;
        const writers = Array.from({ length: 8 }, async (_, writer) => {
          const stream = streamName(`writer${writer}`);
          for (let batch = 0; batch < 10; batch += 1) {
            await store.append(stream, newEvents(1 + (batch % 3), writer * 100 + batch * 3), batch === 0 ? 'no-stream' : 'any');
          }
        });
        if (late) {
          // Give the other writers time to commit ahead of the open transaction if the adapter lets them.
          await sleep(300);
          await late.commit();
        }
        await Promise.all(writers);

        const expected = (await readWholeLog(store)).map((e) => e.position);
        await eventually(() => received.length >= expected.length, () => `received ${received.length} of ${expected.length}`);
        await sleep(50);
        await subscription.close();

        expect(expected.length).toBe(8 * 19 + (late ? 1 : 0));
        expect(received.map((e) => e.position)).toEqual(expected);
      });

      it('resumes from a checkpoint without gaps or repeats', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, newEvents(10), 'no-stream');

        const firstRun: RecordedEvent[] = [];
        const first = store.subscribe({ after: 0, batchSize: 4, onEvents: (events) => void firstRun.push(...events) });
        await eventually(() => firstRun.length >= 4, () => `first run got ${firstRun.length}`);
        await first.close();
        const checkpoint = firstRun[firstRun.length - 1].position;

        await store.append(stream, newEvents(5, 10), 9);
        const secondRun: RecordedEvent[] = [];
        const second = store.subscribe({ after: checkpoint, onEvents: (events) => void secondRun.push(...events) });
        await eventually(() => firstRun.length + secondRun.length >= 15, () => `second run got ${secondRun.length}`);
        await sleep(50);
        await second.close();

        expect([...firstRun, ...secondRun].map((e) => e.data.n)).toEqual(Array.from({ length: 15 }, (_, i) => i));
      });

      it('delivers events appended after it caught up', async () => {
        const store = await openStore();
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: await store.headPosition(), onEvents: (e) => void received.push(...e) });
        await sleep(20);
        const event = newEvent(1);
        await store.append(streamName(), [event], 'no-stream');
        await eventually(() => received.length === 1, () => 'live event not delivered');
        await subscription.close();
        expect(received[0].id).toBe(event.id);
      });

      it('lets other work run between batches while it catches up', async () => {
        const store = await openStore();
        for (let i = 0; i < 10; i += 1) await store.append(streamName(), newEvents(50), 'no-stream');
        const received: RecordedEvent[] = [];
        let receivedWhenOtherWorkRan = -1;
        const subscription = store.subscribe({ after: 0, batchSize: 10, onEvents: (events) => void received.push(...events) });
        setImmediate(() => (receivedWhenOtherWorkRan = received.length));
        await eventually(() => received.length === 500, () => `received ${received.length} of 500`);
        await subscription.close();
        expect(receivedWhenOtherWorkRan).toBeGreaterThanOrEqual(0);
        expect(receivedWhenOtherWorkRan).toBeLessThan(500);
      });

      it('ends with the handler\'s error and delivers nothing after it', async () => {
        const store = await openStore();
        await store.append(streamName(), newEvents(3), 'no-stream');
        let calls = 0;
        const subscription = store.subscribe({
          after: 0,
          batchSize: 1,
          onEvents: () => {
            calls += 1;
            throw new Error('projection failed');
          },
        });
        await expect(subscription.done).rejects.toThrow('projection failed');
        expect(calls).toBe(1);
      });
    });
  });
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ after: 0, limit: 1000 }); page.length > 0; ) {
    all.push(...page);
    page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 });
  }
  return all;
}
