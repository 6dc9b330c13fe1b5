import { describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '#event-store';
import { eventually, newEvent, newEvents, streamName, warmUp, watchSubscriberReads } from '../support/events.js';
import type { EventStoreHarness } from './event-store.contract.js';

/** The subscription part of the EventStore contract; `eventStoreContract` runs it for every adapter. */
export function subscriptionContract(harness: EventStoreHarness, openStore: () => Promise<EventStore>): void {
  describe('subscriptions', () => {
    it('hands a subscriber every committed event exactly once, in position order, under 8 concurrent writers', async () => {
      const store = await openStore();
      await warmUp(store);
      const reads = watchSubscriberReads(store);
      const received: RecordedEvent[] = [];
      const subscription = store.subscribe({ after: 0, batchSize: 7, onEvents: (events) => void received.push(...events) });

      await Promise.all(concurrentWriters(store));
      await eventually(() => received.length >= WRITTEN, () => `received ${received.length} of ${WRITTEN}`);
      // One more read after the last delivery: a repeat would have been handed over by then.
      await reads.nextRead();
      await subscription.close();

      const log = await readWholeLog(store);
      expect(log).toHaveLength(WRITTEN);
      expect(received.map((e) => e.position)).toEqual(log.map((e) => e.position));
    });

    const { beginLateAppend } = harness;
    if (beginLateAppend) {
      it('stops at an append that drew a lower position but commits after later ones, then delivers it in order', async () => {
        const store = await openStore();
        await warmUp(store);
        await store.append(streamName(), newEvents(3), 'no-stream');
        const reads = watchSubscriberReads(store);
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: 0, batchSize: 7, onEvents: (events) => void received.push(...events) });

        const late = await beginLateAppend(store, streamName(), [newEvent(-1)]);
        try {
          await Promise.all(concurrentWriters(store));
          // Every later append has committed; the subscriber has read the log since and must stop at the hole.
          await reads.nextRead();
          expect(received.filter((e) => e.position >= late.position)).toEqual([]);
          expect(await store.headPosition()).toBeLessThan(late.position);
          expect((await readWholeLog(store)).filter((e) => e.position >= late.position)).toEqual([]);
        } finally {
          // Even when an assertion failed: an open transaction would hold back every reader of the database.
          await late.commit();
        }
        const total = 3 + 1 + WRITTEN;
        await eventually(() => received.length >= total, () => `received ${received.length} of ${total}`);
        await reads.nextRead();
        await subscription.close();

        const log = await readWholeLog(store);
        expect(log).toHaveLength(total);
        expect(log.map((e) => e.position)).toContain(late.position);
        expect(received.map((e) => e.position)).toEqual(log.map((e) => e.position));
      });
    }

    it('resumes from a checkpoint in the middle of the log without gaps or repeats', async () => {
      const store = await openStore();
      const stream = streamName();
      await store.append(stream, newEvents(10), 'no-stream');

      const firstRun: RecordedEvent[] = [];
      const first = store.subscribe({
        after: 0,
        batchSize: 4,
        onEvents: (events) => {
          firstRun.push(...events);
          // Closing from the handler ends the subscription after this batch: the checkpoint is event 4 of 10.
          void first.close();
        },
      });
      await first.done;
      expect(firstRun.map((e) => e.data.n)).toEqual([0, 1, 2, 3]);
      const checkpoint = firstRun[firstRun.length - 1].position;

      await store.append(stream, newEvents(5, 10), 9);
      const reads = watchSubscriberReads(store);
      const secondRun: RecordedEvent[] = [];
      const second = store.subscribe({ after: checkpoint, onEvents: (events) => void secondRun.push(...events) });
      await eventually(() => secondRun.length >= 11, () => `second run got ${secondRun.length}`);
      await reads.nextRead();
      await second.close();

      expect([...firstRun, ...secondRun].map((e) => e.data.n)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    });

    it('delivers events appended after it caught up', async () => {
      const store = await openStore();
      const reads = watchSubscriberReads(store);
      const received: RecordedEvent[] = [];
      const after = await store.headPosition();
      const caughtUp = reads.nextRead();
      const subscription = store.subscribe({ after, onEvents: (e) => void received.push(...e) });
      await caughtUp;
      expect(received).toEqual([]);
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
}

/** Events the 8 writers of concurrentWriters() append: 10 batches of 1, 2 or 3 events each. */
const WRITTEN = 8 * 19;

function concurrentWriters(store: EventStore): Promise<void>[] {
  return Array.from({ length: 8 }, async (_, writer) => {
    const stream = streamName(`writer${writer}`);
    for (let batch = 0; batch < 10; batch += 1) {
      await store.append(stream, newEvents(1 + (batch % 3), writer * 100 + batch * 3), batch === 0 ? 'no-stream' : 'any');
    }
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
