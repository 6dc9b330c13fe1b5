import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '#event-store';
import type { Metrics } from './metrics.js';

/**
 * The EventStore port with metrics: append latency and conflicts by store, events appended by type,
 * and subscriptions that failed (the read-model runner resubscribes after each). Every call goes to
 * the adapter unchanged, so the adapters stay free of metrics.
 */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly metrics: Metrics,
    /** `sqlite` or `postgres`: the label of the append metrics. */
    private readonly kind: string,
  ) {}

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const stopTimer = this.metrics.appendDuration.startTimer({ store: this.kind });
    try {
      const result = await this.store.append(stream, events, expected);
      if (!result.duplicate) for (const event of events) this.metrics.eventsAppended.inc({ type: event.type });
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.metrics.appendConflicts.inc({ store: this.kind });
      throw error;
    } finally {
      stopTimer();
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(stream, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  readEvent(id: string): Promise<RecordedEvent | undefined> {
    return this.store.readEvent(id);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = this.store.subscribe(options);
    subscription.done.catch(() => this.metrics.subscriptionReconnects.inc());
    return subscription;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
