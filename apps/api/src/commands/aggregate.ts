import type { CorrectedFact, CorrectEvent, Decider, DomainCommand, DomainEvent, Fact, Role } from '#domain';
import type { WriteContext } from '../http/write-context.js';
import type { Lookup } from './lookup.js';

/**
 * One aggregate, registered with the command path: its decider, who may write to it, and an optional hook
 * that runs after the stream is loaded and before the decision — to look up facts of other aggregates.
 * It may return the command enriched with what it looked up; it throws a DomainError to refuse.
 */
export interface Aggregate<Command extends DomainCommand, Event extends DomainEvent, State> {
  readonly decider: Decider<Command, Event, State>;
  /** The roles that may write to this aggregate at all; a `municipality_editor` only where `municipalityOf` says it is its own. */
  readonly writers: readonly Role[];
  /**
   * The municipality the write changes, taken from the state being changed where there is one (a goal's
   * municipality comes from the goal, not from the request); undefined when it concerns none.
   */
  municipalityOf?(input: { readonly command: Command | CorrectEvent; readonly history: readonly Fact[] }): string | undefined;
  beforeDecide?(input: {
    readonly command: Command | CorrectEvent;
    readonly history: readonly Fact[];
    readonly context: WriteContext;
    readonly lookup: Lookup;
  }): Promise<Command | CorrectEvent | void>;
  /**
   * Checks a corrected fact against other aggregates, as `beforeDecide` checks a command: a correction
   * that changes what a fact refers to, or when it happened, must still fit the registries. Throws a
   * DomainError naming the fields; the command path answers it as `correction-invalid`.
   */
  checkCorrection?(input: { readonly corrected: CorrectedFact; readonly lookup: Lookup }): Promise<void>;
}

/** Any aggregate, as the one command path handles it. */
export type AnyAggregate = Aggregate<DomainCommand, DomainEvent, unknown>;
