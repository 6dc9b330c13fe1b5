import { afterEach, describe, expect, it } from '@jest/globals';
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { headAtLeast, metadata, newEvent, newEvents, streamName, warmUp } from '../support/events.js';
import { subscriptionContract } from './event-store-subscriptions.contract.js';

export interface EventStoreHarness {
  /** A fresh, empty store. */
  open(): Promise<EventStore>;
  /** Closes the store and opens a new one on the same data, as a restarted process would. */
  reopen(store: EventStore): Promise<EventStore>;
  /**
   * Appends inside a transaction that commits only when `commit` is called, so the test can make an
   * append that drew its position first commit after later ones. `position` is that of its last event.
   * Adapters whose appends cannot interleave (the embedded store has a single writer) leave it out.
   */
  beginLateAppend?(store: EventStore, stream: string, events: NewEvent[]): Promise<{ position: number; commit(): Promise<void> }>;
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

      it('reads data and metadata back with their keys in the order they were appended', async () => {
        const store = await openStore();
        const stream = streamName();
        const data = { z: 1, a: { y: 2, b: 3 } };
        const { position } = await store.append(stream, [newEvent(0, { data })], 'no-stream');

        const [fromStream] = await store.readStream(stream);
        await headAtLeast(store, position);
        const [fromLog] = await store.readAll({ after: position - 1, limit: 1 });
        for (const read of [fromStream, fromLog]) {
          expect(JSON.stringify(read.data)).toBe('{"z":1,"a":{"y":2,"b":3}}');
          expect(JSON.stringify(read.metadata)).toBe(JSON.stringify({ ...metadata, recordedAt: read.metadata.recordedAt }));
        }
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
        const head = await headAtLeast(store, (await store.append(stream, newEvents(2), 'no-stream')).position);

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

      it.each([['no-stream' as const], [0]])(
        'lets exactly one of 16 racing appends expecting %p win, and answers every other with WrongExpectedRevisionError',
        async (expected) => {
          const store = await openStore();
          await warmUp(store);
          const stream = streamName();
          const before = expected === 'no-stream' ? [] : [newEvent(0)];
          if (before.length > 0) await store.append(stream, before, 'no-stream');
          const racers = Array.from({ length: 16 }, (_, i) => newEvent(i + 1));
          const outcomes = await Promise.allSettled(racers.map((event) => store.append(stream, [event], expected)));

          const winners = racers.filter((_, i) => outcomes[i].status === 'fulfilled');
          expect(winners).toHaveLength(1);
          for (const outcome of outcomes) {
            if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
          }
          expect((await store.readStream(stream)).map((e) => e.id)).toEqual([...before, ...winners].map((e) => e.id));
        },
      );

      it('answers racing identical retries with one append and, for every other, duplicates of its result', async () => {
        const store = await openStore();
        await warmUp(store);
        const stream = streamName();
        const events = newEvents(2);
        const results = await Promise.all(Array.from({ length: 16 }, () => store.append(stream, events, 'no-stream')));

        const appended = results.filter((result) => !result.duplicate);
        expect(appended).toHaveLength(1);
        for (const result of results) expect(result).toEqual({ ...appended[0], duplicate: result.duplicate });
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
      });
    });

    describe('atomicity and idempotency', () => {
      it('answers racing appends of the same ids to different streams with one append and EventIdConflictError for the rest', async () => {
        const store = await openStore();
        await warmUp(store);
        const events = newEvents(2);
        const streams = Array.from({ length: 8 }, () => streamName());
        const outcomes = await Promise.allSettled(streams.map((stream) => store.append(stream, events, 'no-stream')));

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(EventIdConflictError);
        }
        expect(await store.readEvent(events[0].id)).toMatchObject({ stream: streams[outcomes.findIndex((o) => o.status === 'fulfilled')] });
      });

      it('refuses a batch that repeats an event id as a whole, and appends nothing of it', async () => {
        const store = await openStore();
        const stream = streamName();
        await store.append(stream, [newEvent(0)], 'no-stream');
        const repeated = newEvent(1);
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
        const head = await headAtLeast(store, (await store.append(streamName(), [newEvent(7)], 'any')).position);

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
        let last = 0;
        for (let i = 0; i < 5; i += 1) last = (await store.append(streamName(), newEvents(3, i * 3), 'no-stream')).position;
        await headAtLeast(store, last);

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

    subscriptionContract(harness, openStore);
  });
}
