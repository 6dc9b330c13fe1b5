import { MalformedEventError } from './errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port.js';

type Data = Record<string, unknown>;

/** What the store needs of an event catalogue (the domain's `EventCatalogue` fits it). */
export interface EventSchemas {
  validate(type: string, data: unknown): { ok: true; version: number } | { ok: false; issues: readonly { field: string; message: string }[] };
  upcast(type: string, version: number, data: Data): { version: number; data: Data };
}

/** An event read through the catalogue: data in the current shape, and the version it is stored in. */
export interface UpcastEvent extends RecordedEvent {
  readonly storedSchemaVersion: number;
}

/**
 * The event store as the application uses it: every append is checked against the catalogue's current
 * schema and written with its version (a bug must never write a malformed fact), and every read hands
 * out data upcast to the current version. What is stored is never rewritten.
 */
export class CheckedEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly schemas: EventSchemas,
  ) {}

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const checked = events.map((event) => {
      const result = this.schemas.validate(event.type, event.data);
      if (!result.ok) throw new MalformedEventError(stream, event.type, result.issues);
      return { ...event, schemaVersion: result.version };
    });
    return this.inner.append(stream, checked, expected);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<UpcastEvent[]> {
    return (await this.inner.readStream(stream, options)).map(this.upcast);
  }

  async readAll(options: ReadAllOptions): Promise<UpcastEvent[]> {
    return (await this.inner.readAll(options)).map(this.upcast);
  }

  async readEvent(id: string): Promise<UpcastEvent | undefined> {
    const event = await this.inner.readEvent(id);
    return event && this.upcast(event);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribe(options: SubscribeOptions): Subscription {
    return this.inner.subscribe({ ...options, onEvents: (events) => options.onEvents(events.map(this.upcast)) });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private readonly upcast = (event: RecordedEvent): UpcastEvent => {
    const { version, data } = this.schemas.upcast(event.type, event.schemaVersion, event.data);
    return { ...event, schemaVersion: version, data, storedSchemaVersion: event.schemaVersion };
  };
}
