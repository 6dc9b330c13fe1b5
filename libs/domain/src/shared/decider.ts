/** A fact as a decider produces and folds it: a past-tense type, its data, and when it happened in the world. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** World time as an ISO instant in UTC (e.g. the day a review was held). */
  readonly occurredAt: string;
}

/** What every command carries: its world time, and the server's clock when it is decided. */
export interface DomainCommand<Type extends string = string> {
  readonly type: Type;
  readonly occurredAt: string;
  readonly now: string;
}

/** A command as a client asks for it: the command path adds the server's clock (`now`) when it decides. */
export type Requested<Command> = Command extends unknown ? Omit<Command, 'now'> : never;

/**
 * An aggregate as data: one generic command path loads its stream, folds it with `evolve`, decides with
 * `decide` and appends the result. Everything here is pure: no I/O, no clock, no random ids.
 */
export interface Decider<Command extends DomainCommand, Event extends DomainEvent, State> {
  /** Stream category: a stream is named `{category}-{id}`, as KurrentDB's category projections expect. */
  readonly category: string;
  readonly initialState: State;
  /** The id of the stream a command addresses (without the category). */
  streamIdOf(command: Requested<Command>): string;
  /** The events a command produces, or a DomainError naming the rule it breaks. */
  decide(command: Command, state: State): Event[];
  /** Folds one event; event types it does not know leave the state as it is. */
  evolve(state: State, event: Event): State;
  /**
   * The rule an event needs of the state before it. A backdated command or a correction inserts a fact
   * before later ones; each later fact must still pass its check on the new history.
   */
  check(state: State, event: Event): void;
  /**
   * Keys an event claims across all streams (e.g. a municipality's official key). The command path claims
   * each in a stream of its own with an expected revision, so exactly one stream ever holds a key; `code`
   * is the registered error for "another stream holds it".
   */
  uniqueKeys?(event: Event): readonly UniqueKey[];
}

export interface UniqueKey {
  /** Letters, digits, `.`, `_`, `-`: becomes the id of the claim stream (`claim-{key}`). */
  readonly key: string;
  readonly code: string;
}

export const streamName = (category: string, id: string): string => `${category}-${id}`;

/** The id of a stream of the category, or undefined for a stream of another category. */
export function streamIdOf(category: string, stream: string): string | undefined {
  return stream.startsWith(`${category}-`) ? stream.slice(category.length + 1) : undefined;
}
