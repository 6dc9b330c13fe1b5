import type { RecordedEvent } from '#event-store';

/** The filters of the feed: within a kind any value matches, across kinds all must (category AND stream AND type). */
export interface EventFilter {
  readonly category?: readonly string[];
  readonly stream?: readonly string[];
  readonly type?: readonly string[];
}

export type EventMatcher = (event: Pick<RecordedEvent, 'stream' | 'type'>) => boolean;

/** Stream names are `{category}-{id}`: the category is the text before the first `-`. */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/** The test an event must pass, or undefined when the filter lets every event through. */
export function matcherOf(filter: EventFilter): EventMatcher | undefined {
  if (!filter.category && !filter.stream && !filter.type) return undefined;
  const categories = setOf(filter.category);
  const streams = setOf(filter.stream);
  const types = setOf(filter.type);
  return (event) =>
    (!categories || categories.has(categoryOf(event.stream))) && (!streams || streams.has(event.stream)) && (!types || types.has(event.type));
}

function setOf(values: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return values && new Set(values);
}
