import { LRUCache } from 'lru-cache';
import type { Fact } from '#domain';
import type { EventStore } from '#event-store';

/** Streams and events the cache keeps at most: ~100 bytes of bookkeeping plus the data per event. */
const MAX_STREAMS = 10_000;
const MAX_EVENTS = 500_000;

/**
 * The facts of recently written streams. The log is append-only and revisions are dense, so a cached
 * prefix stays true forever: a write reads only the events after it (usually none), not the whole stream.
 */
export class StreamHistories {
  private readonly cache = new LRUCache<string, Fact[]>({ max: MAX_STREAMS, maxSize: MAX_EVENTS, sizeCalculation: (facts) => Math.max(1, facts.length) });

  constructor(private readonly store: EventStore) {}

  async load(stream: string): Promise<Fact[]> {
    const cached = this.cache.get(stream) ?? [];
    const newer = await this.store.readStream(stream, { fromRevision: cached.length });
    if (newer.length === 0) return cached;
    const facts = [
      ...cached,
      ...newer.map((event) => ({ revision: event.revision, type: event.type, schemaVersion: event.schemaVersion, data: event.data, occurredAt: event.metadata.occurredAt })),
    ];
    this.cache.set(stream, facts);
    return facts;
  }
}
