import { z } from 'zod';

type Data = Record<string, unknown>;

/** One event type: its current data shape, how older shapes are upcast, and what a correction may change. */
export interface EventDefinition {
  /** Current schema version; new events are written with it. */
  readonly version: number;
  readonly schema: z.ZodType<Data>;
  /** One sentence for the event catalogue (docs/events.md). */
  readonly description: string;
  /** From each older version to the next: `upcasters[1]` turns version-1 data into version-2 data. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /** Data fields a correction may change; the others identify the fact and stay as recorded. */
  readonly correctable: readonly string[];
  /** For events that carry another event's data (a correction's replacement): upcasts that content. */
  readonly upcastContent?: (data: Data, catalogue: EventCatalogue) => Data;
}

export interface Upcaster {
  /** What changed in the next version, and why (docs/events.md shows it). */
  readonly change: string;
  readonly upcast: (data: Data) => Data;
}

/** The event types of one aggregate (or of the generic corrections), under one stream category. */
export interface AggregateEvents {
  readonly aggregate: string;
  readonly events: Readonly<Record<string, EventDefinition>>;
}

export function defineEvents(aggregate: string, events: Readonly<Record<string, EventDefinition>>): AggregateEvents {
  for (const [type, definition] of Object.entries(events)) {
    for (let version = 1; version < definition.version; version += 1) {
      if (!definition.upcasters?.[version]) throw new Error(`${type} lacks an upcaster from version ${version}`);
    }
  }
  return { aggregate, events };
}

/** A field of event data that does not match its schema. */
export interface DataIssue {
  /** Dotted path inside the data, e.g. `changes.title`. */
  readonly field: string;
  readonly message: string;
}

export type Validation = { readonly ok: true; readonly data: Data; readonly version: number } | { readonly ok: false; readonly issues: DataIssue[] };

/**
 * Every event type the log may hold. Appends are checked against the current schema (a bug must never
 * write a malformed fact); reads upcast stored data step by step to the current version, without ever
 * rewriting what is stored.
 */
export class EventCatalogue {
  private readonly definitions = new Map<string, EventDefinition & { readonly aggregate: string }>();

  constructor(aggregates: readonly AggregateEvents[]) {
    for (const { aggregate, events } of aggregates) {
      for (const [type, definition] of Object.entries(events)) {
        if (this.definitions.has(type)) throw new Error(`Event type ${type} is defined twice`);
        this.definitions.set(type, { ...definition, aggregate });
      }
    }
  }

  types(): string[] {
    return [...this.definitions.keys()];
  }

  definition(type: string): (EventDefinition & { readonly aggregate: string }) | undefined {
    return this.definitions.get(type);
  }

  validate(type: string, data: unknown): Validation {
    const definition = this.definitions.get(type);
    if (!definition) return { ok: false, issues: [{ field: '(type)', message: `${type} is not an event type of the catalogue` }] };
    const result = definition.schema.safeParse(data);
    if (result.success) return { ok: true, data: result.data, version: definition.version };
    return { ok: false, issues: result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(data)', message: issue.message })) };
  }

  /** Stored data of `version` in the current shape; unknown types and current versions pass unchanged. */
  upcast(type: string, version: number, data: Data): { version: number; data: Data } {
    const definition = this.definitions.get(type);
    if (!definition) return { version, data };
    let upcast = data;
    // defineEvents() made sure there is an upcaster for every older version.
    for (let from = version; from < definition.version; from += 1) upcast = (definition.upcasters as Record<number, Upcaster>)[from].upcast(upcast);
    if (definition.upcastContent) upcast = definition.upcastContent(upcast, this);
    return { version: Math.max(version, definition.version), data: upcast };
  }
}
