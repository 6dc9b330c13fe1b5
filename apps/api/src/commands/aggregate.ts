import type { CorrectEvent, Decider, DomainCommand, DomainEvent, Fact } from '#domain';
import type { WriteContext } from '../http/write-context.js';
import type { Lookup } from './lookup.js';

/**
 * One aggregate, registered with the command path: its decider, and an optional hook that runs after the
 * stream is loaded and before the decision — to look up facts of other aggregates or to authorise.
 * It may return the command enriched with what it looked up; it throws a DomainError to refuse.
 */
export interface Aggregate<Command extends DomainCommand, Event extends DomainEvent, State> {
  readonly decider: Decider<Command, Event, State>;
  beforeDecide?(input: {
    readonly command: Command | CorrectEvent;
    readonly history: readonly Fact[];
    readonly context: WriteContext;
    readonly lookup: Lookup;
  }): Promise<Command | CorrectEvent | void>;
}

/** Any aggregate, as the one command path handles it. */
export type AnyAggregate = Aggregate<DomainCommand, DomainEvent, unknown>;
