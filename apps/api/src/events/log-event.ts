import type { UpcastEvent } from '#event-store';

/** An event as the feed serves it: upcast to its current schema version, naming the version it is stored in. */
export interface LogEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly storedSchemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly metadata: UpcastEvent['metadata'];
}

/** One shape for JSON pages, NDJSON lines and SSE data, with the fields in a fixed order. */
export function toLogEvent(event: UpcastEvent): LogEvent {
  return {
    id: event.id,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    storedSchemaVersion: event.storedSchemaVersion,
    data: event.data,
    metadata: event.metadata,
  };
}

export function ndjsonLine(event: UpcastEvent): string {
  return `${JSON.stringify(toLogEvent(event))}\n`;
}

/**
 * An SSE message: the id is the position (so Last-Event-ID resumes after it), the event name the type.
 * JSON.stringify escapes line breaks, so the data is one line; a type with a line break (which the
 * catalogue never has) could end the message early, so such characters are dropped from it.
 */
export function sseMessage(event: UpcastEvent): Buffer {
  const type = event.type.replace(/[\r\n]/g, '');
  return Buffer.from(`id: ${event.position}\nevent: ${type}\ndata: ${JSON.stringify(toLogEvent(event))}\n\n`);
}

/** A comment line, which EventSource clients ignore: heartbeats and the reason a stream ends. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}
