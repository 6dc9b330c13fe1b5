import AsyncLock from 'async-lock';

/**
 * Writes to one stream take turns within this process. Racing each other would only send all but one of
 * them back to decide again, and with many writers on one goal optimistic retries collapse: 32 clients
 * changing one goal ten times each on PostgreSQL took 11–21 s with retries alone, some past any
 * deadline, and 6–7 s taking turns. API instances sharing a database still race; the retry policy
 * settles those races.
 */
export class StreamTurns {
  // A waiting write holds its HTTP request open anyway, so the queue needs no limit of its own.
  private readonly lock = new AsyncLock({ maxPending: Infinity });

  /** Runs `write` once every earlier write to `stream` in this process has finished. */
  take<T>(stream: string, write: () => Promise<T>): Promise<T> {
    return this.lock.acquire(stream, write);
  }
}
