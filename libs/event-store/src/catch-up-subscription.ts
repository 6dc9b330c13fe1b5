import type { RecordedEvent, SubscribeOptions, Subscription } from './event-store.port.js';

/** Registers a listener called after new events were committed; returns a function that unregisters it. */
export type AppendSignal = (listener: () => void) => () => void;

export interface CatchUpSource {
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
  /** Wakes the subscription early; without it the subscription notices new events at the next poll. */
  onAppended: AppendSignal;
  /** Polling catches what the signal cannot see, e.g. writes by another process. */
  pollIntervalMs: number;
}

/**
 * Reads pages of the log after the checkpoint and hands them over one at a time; when the log is
 * exhausted it waits for an append signal or the poll interval. Ordering and completeness therefore
 * rest on one property of the adapter: `readAll` only ever returns a gap-free prefix of what will be
 * committed (see the adapters for how each guarantees it).
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private closed = false;
  /** Counts append signals, so a signal that arrives while a read is under way is not lost. */
  private signals = 0;
  private wakeUp: () => void = () => undefined;

  constructor(private readonly source: CatchUpSource, private readonly options: SubscribeOptions) {
    const stopListening = source.onAppended(() => {
      this.signals += 1;
      this.wakeUp();
    });
    this.done = this.run().finally(stopListening);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeUp();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const limit = this.options.batchSize ?? 500;
    let after = this.options.after;
    while (!this.closed) {
      const signalsBeforeRead = this.signals;
      const events = await this.source.readAll({ after, limit });
      if (this.closed) return;
      if (events.length > 0) {
        await this.options.onEvents(events);
        after = events[events.length - 1].position;
        // A synchronous store (better-sqlite3) resolves every await at once: without this turn of the
        // event loop, catching up on a long log would starve HTTP requests and timers until it is done.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (signalsBeforeRead === this.signals) {
        await this.pause();
      }
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, this.source.pollIntervalMs);
      this.wakeUp = finish;
      function finish() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
