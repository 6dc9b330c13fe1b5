import { CatchUpSubscription } from './catch-up-subscription.js';
import type { RecordedEvent, SubscribeOptions, Subscription } from './event-store.port.js';

/**
 * The subscriptions of one store: wakes them when the store learns of new events, and ends them
 * all when the store closes, so no subscription outlives its connection.
 */
export class SubscriptionHub {
  private readonly listeners = new Set<() => void>();
  private readonly active = new Set<Subscription>();
  private retained = false;

  constructor(
    private readonly readAll: (options: { after: number; limit: number }) => Promise<RecordedEvent[]>,
    private readonly pollIntervalMs: number,
    /**
     * Retained when the first subscriber arrives and released when the store closes (e.g. a LISTEN
     * connection). Keeping it between subscriptions spares a reconnect each time a runner resubscribes.
     */
    private readonly usage: { retain(): void; release(): void } = { retain: () => undefined, release: () => undefined },
  ) {}

  /** New events were committed: wake every subscriber now rather than at its next poll. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new CatchUpSubscription(
      {
        readAll: this.readAll,
        onAppended: (listener) => {
          this.listeners.add(listener);
          if (!this.retained) this.usage.retain();
          this.retained = true;
          return () => this.listeners.delete(listener);
        },
        pollIntervalMs: this.pollIntervalMs,
      },
      options,
    );
    this.active.add(subscription);
    subscription.done.then(
      () => this.active.delete(subscription),
      () => this.active.delete(subscription),
    );
    return subscription;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.active].map((subscription) => subscription.close()));
    if (this.retained) this.usage.release();
    this.retained = false;
  }
}
