import { v4 as uuid } from 'uuid';
import type { EventMetadata, EventStore, NewEvent } from '#event-store';

export const metadata: EventMetadata = {
  actor: 'contract-test',
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: null,
  occurredAt: '2013-06-30T00:00:00.000Z',
};

/** A minimal event; `n` ends up in the data so tests can tell events apart. */
export function newEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return { id: uuid(), type: 'TestHappened', data: { n }, metadata, ...overrides };
}

export function newEvents(count: number, from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(from + i));
}

export function streamName(category = 'test'): string {
  return `${category}-${uuid()}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `condition` holds; fails with `message` after `timeoutMs`. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  message: () => string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${message()}`);
    await sleep(10);
  }
}

/**
 * Waits until the log's head has reached `position` and returns it. PostgreSQL's head stops at the
 * oldest append still in flight anywhere on the server, so it may lag an append already acknowledged.
 */
export async function headAtLeast(store: EventStore, position: number): Promise<number> {
  let head = 0;
  await eventually(async () => (head = await store.headPosition()) >= position, () => `head ${head} is below ${position}`);
  return head;
}

/**
 * Observes the reads a store's one subscription makes (subscriptions read through `readAll`).
 * `nextRead()` resolves when, after the call, the subscriber has read the log and come back for more:
 * whatever that read returned has been handed to `onEvents`, so what was not delivered by then the log
 * did not show it. The test must not call `readAll` itself while it waits.
 */
export function watchSubscriberReads(store: EventStore): { nextRead(): Promise<void> } {
  const readAll = store.readAll.bind(store);
  const waiters = new Set<{ reads: number; wake: () => void }>();
  store.readAll = (options) => {
    for (const waiter of waiters) {
      waiter.reads += 1;
      if (waiter.reads === 2) {
        waiters.delete(waiter);
        waiter.wake();
      }
    }
    return readAll(options);
  };
  return { nextRead: () => new Promise((wake) => waiters.add({ reads: 0, wake })) };
}

/** Opens the connections concurrent appends need up front, so that they really overlap. */
export async function warmUp(store: EventStore): Promise<void> {
  await Promise.all(Array.from({ length: 16 }, () => store.headPosition()));
}
