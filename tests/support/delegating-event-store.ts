import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '#event-store';

/** An event store that hands everything to `inner`: a test extends it and overrides what it stages (an append a rival wins). */
export class DelegatingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(stream, events, expected);
  }

  readStream: EventStore['readStream'] = (stream, options) => this.inner.readStream(stream, options);
  readAll: EventStore['readAll'] = (options) => this.inner.readAll(options);
  readEvent: EventStore['readEvent'] = (id) => this.inner.readEvent(id);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  subscribe: EventStore['subscribe'] = (options) => this.inner.subscribe(options);
  close: EventStore['close'] = () => this.inner.close();
}
