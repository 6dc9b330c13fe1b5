import type { UpcastEvent } from '#event-store';
import type { EventMatcher } from './event-filter.js';
import { ndjsonLine } from './log-event.js';

/** What the feed reads: the application's store, whose reads are upcast through the event catalogue. */
export interface LogSource {
  readAll(options: { after: number; limit: number }): Promise<UpcastEvent[]>;
}

/** Events read from the store in one round trip while scanning (also the NDJSON and catch-up page size). */
export const READ_CHUNK = 500;

export interface PageRequest {
  readonly after: number;
  /** Last position of the range, inclusive; without it the range runs to the head. */
  readonly until?: number;
  readonly limit: number;
  /** Without a filter every event counts. */
  readonly matches?: EventMatcher;
  /** Filters are applied while scanning, so no more than this many events are examined. */
  readonly scanLimit: number;
}

export interface Page {
  readonly events: UpcastEvent[];
  /** The page holds every matching event with `after < position ≤ through`; the next page starts after it. */
  readonly through: number;
  /** The scan reached the head of the log (or `until`): there is no next page for now. */
  readonly complete: boolean;
}

/**
 * One page of matching events. A filter that matches little ends the page early once `scanLimit` events
 * were examined, with `through` after the scanned range, so that a request never becomes a scan of the
 * whole log and the client still makes progress with the next page.
 */
export async function readPage(source: LogSource, { after, until, limit, matches, scanLimit }: PageRequest): Promise<Page> {
  const events: UpcastEvent[] = [];
  let through = after;
  let budget = scanLimit;
  while (budget > 0) {
    // Without a filter every event read is kept, so no more is read than the page still needs.
    const wanted = Math.min(budget, matches ? READ_CHUNK : limit - events.length);
    const chunk = await source.readAll({ after: through, limit: wanted });
    budget -= chunk.length;
    for (const event of chunk) {
      if (until !== undefined && event.position > until) return { events, through, complete: true };
      through = event.position;
      if (!matches || matches(event)) events.push(event);
      if (until !== undefined && through >= until) return { events, through, complete: true };
      if (events.length === limit) return { events, through, complete: false };
    }
    if (chunk.length < wanted) return { events, through, complete: true };
  }
  return { events, through, complete: false };
}

/** The log from `after` through `until`, page by page, as the store hands it out. */
export async function* readRange(source: LogSource, after: number, until: number): AsyncGenerator<UpcastEvent[]> {
  let through = after;
  while (through < until) {
    const chunk = await source.readAll({ after: through, limit: READ_CHUNK });
    const within = chunk.filter((event) => event.position <= until);
    if (within.length > 0) yield within;
    if (within.length < READ_CHUNK) return;
    through = within[within.length - 1].position;
  }
}

/** NDJSON text of the matching events, one store page at a time; nothing more is read once `stop` is aborted. */
export async function* ndjsonOf(source: LogSource, after: number, until: number, matches: EventMatcher | undefined, stop: AbortSignal): AsyncGenerator<string> {
  for await (const events of readRange(source, after, until)) {
    if (stop.aborted) return;
    const lines = (matches ? events.filter(matches) : events).map(ndjsonLine).join('');
    if (lines.length > 0) yield lines;
  }
}
