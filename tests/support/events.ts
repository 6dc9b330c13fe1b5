import { v4 as uuid } from 'uuid';
import type { EventMetadata, NewEvent } from '#event-store';

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
export async function eventually(condition: () => boolean, message: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${message()}`);
    await sleep(10);
  }
}
