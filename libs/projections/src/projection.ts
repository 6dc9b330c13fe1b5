import type { RecordedEvent } from '#event-store';

/**
 * A read model as a pure fold: each event updates at most one document, found by `keyOf`.
 * Documents persist beside the log, so a restart resumes from the checkpoint instead of replaying.
 */
export interface Projection<Doc extends object = object> {
  /** Lower-case words joined by dashes; used in storage and admin URLs. */
  readonly name: string;
  /** Bump when the fold changes: the runner then rebuilds the read model from position 0. */
  readonly version: number;
  /** Document fields that lists filter on; stores keep an index per field. */
  readonly filterable: readonly string[];
  /** The document an event belongs to, or undefined when the projection ignores the event. */
  keyOf(event: RecordedEvent): string | undefined;
  /** Returns the next document, or the given one unchanged when the event does not affect it. */
  evolve(document: Doc | undefined, event: RecordedEvent): Doc | undefined;
}

export function assertProjectionNames(projection: Pick<Projection, 'name' | 'filterable'>): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(projection.name)) throw new TypeError(`Projection name "${projection.name}" is not a-z, 0-9, -`);
  for (const field of projection.filterable) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,62}$/.test(field)) throw new TypeError(`Filter field "${field}" is not alphanumeric`);
  }
}
