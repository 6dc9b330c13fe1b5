import { SUPERSEDED, isCorrection, type EventRetractedData, type EventSupersededData } from './corrections.js';
import type { Decider, DomainCommand, DomainEvent } from './decider.js';
import { DomainError } from './domain-error.js';

/** A recorded event of one stream as the timeline needs it (data already upcast to the current version). */
export interface Fact {
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
}

/** A fact as the corrected history has it. */
export interface EffectiveFact extends Fact {
  /** Revision of the `EventSuperseded` whose replacement this is, if the recorded fact was corrected. */
  readonly supersededBy?: number;
}

/**
 * The history a stream tells once its corrections are applied: retracted facts dropped, superseded ones
 * replaced (keeping their revision), in world-time order — `occurredAt`, then recording order.
 */
export function effectiveHistory(facts: readonly Fact[]): EffectiveFact[] {
  const corrections = new Map<number, Fact>();
  for (const fact of facts) {
    if (isCorrection(fact.type)) corrections.set((fact.data as unknown as EventRetractedData).revision, fact);
  }
  const history: EffectiveFact[] = [];
  for (const fact of facts) {
    if (isCorrection(fact.type)) continue;
    const correction = corrections.get(fact.revision);
    if (!correction) history.push(fact);
    else if (correction.type === SUPERSEDED) {
      const { data, schemaVersion } = correction.data as unknown as EventSupersededData;
      history.push({ revision: fact.revision, type: fact.type, schemaVersion, data, occurredAt: correction.occurredAt, supersededBy: correction.revision });
    }
  }
  return history.sort(byWorldTime);
}

export function byWorldTime(a: Pick<Fact, 'occurredAt' | 'revision'>, b: Pick<Fact, 'occurredAt' | 'revision'>): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.revision - b.revision;
}

/** The domain event a fact carries; its data was validated against the catalogue when it was appended. */
export function eventOf<Event extends DomainEvent>(fact: Fact): Event {
  return { type: fact.type, data: fact.data, occurredAt: fact.occurredAt } as Event;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<DomainCommand, Event, State>, 'evolve' | 'initialState'>,
  history: readonly Fact[],
  state: State = decider.initialState,
): State {
  return history.reduce((current, fact) => decider.evolve(current, eventOf<Event>(fact)), state);
}

/**
 * An event that ends something on a day (a phase's `endedOn`, an enrolment's `until`) happens in world time
 * by that day: recorded later, it would leave the thing open for views and lookups between the day and its
 * occurredAt, and goals dated then would be accepted. A decision taken later is recorded backdated.
 */
export function assertEndsByItsDay(occurredAt: string, lastDay: string, field: string): void {
  if (occurredAt.slice(0, 10) > lastDay) {
    throw new DomainError('occurred-after-end', `occurredAt ${occurredAt} lies after the end it records (${lastDay}); record it on or before ${lastDay}`, {
      field: 'occurredAt',
      [field]: lastDay,
    });
  }
}

export function assertNotInFuture(occurredAt: string, now: string): void {
  if (occurredAt > now) {
    const message = `occurredAt ${occurredAt} lies in the future (now is ${now})`;
    throw new DomainError('occurred-in-future', message, { occurredAt, now, errors: [{ field: 'occurredAt', message }] });
  }
}

/**
 * Decides a command at its own world time: against the state as of `occurredAt`, inserted after every
 * fact of the same instant. Facts that happened later in the world must still hold on the new history,
 * else the command is refused naming the first one that would break.
 */
export function decideInWorldTime<Command extends DomainCommand, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  facts: readonly Fact[],
  command: Command,
): Event[] {
  assertNotInFuture(command.occurredAt, command.now);
  const history = effectiveHistory(facts);
  const before = history.filter((fact) => fact.occurredAt <= command.occurredAt);
  const later = history.slice(before.length);
  const state = fold(decider, before);
  let events: Event[];
  try {
    events = decider.decide(command, state);
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not-found' && before.length === 0 && later.length > 0) {
      throw new DomainError('occurred-before-creation', `occurredAt ${command.occurredAt} lies before the stream's first event (${later[0].occurredAt})`, {
        occurredAt: command.occurredAt,
        firstOccurredAt: later[0].occurredAt,
      });
    }
    throw error;
  }
  try {
    verifyHistory(decider, later, events.reduce(decider.evolve, state));
  } catch (error) {
    // A command dated before the stream began that would create it again (a goal formulated twice, a
    // second review of a quarter): the stream's own creation is what breaks, and the client needs that rule.
    if (before.length === 0 && error instanceof DomainError && error.details.conflictingRevision === later[0]?.revision && error.cause instanceof DomainError) {
      throw error.cause;
    }
    throw error;
  }
  return events;
}

/** Checks each fact on the state the ones before it built; names the first fact whose rule breaks. */
export function verifyHistory<Event extends DomainEvent, State>(
  decider: Pick<Decider<DomainCommand, Event, State>, 'evolve' | 'check' | 'initialState'>,
  history: readonly EffectiveFact[],
  state: State = decider.initialState,
): State {
  let current = state;
  for (const fact of history) {
    const event = eventOf<Event>(fact);
    try {
      decider.check(current, event);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(
        'backdated-conflict',
        `The ${fact.type} at revision ${fact.revision} (occurred ${fact.occurredAt}) would no longer hold: ${error.message}`,
        { conflictingRevision: fact.revision, conflictingType: fact.type, conflictingOccurredAt: fact.occurredAt, rule: error.code, ...error.details },
        { cause: error },
      );
    }
    current = decider.evolve(current, event);
  }
  return current;
}


/** A fact with its system time, as views of the past need it. */
export interface RecordedFact extends Fact {
  readonly recordedAt: string;
}

/**
 * The state as of world time `asOf`, as known at system time `knownAt`: the facts recorded by `knownAt`,
 * corrected by the corrections recorded by then, that happened by `asOf`, folded in world-time order.
 * This is the definition the bitemporal read models are tested against.
 */
export function stateAt<Event extends DomainEvent, State>(
  decider: Pick<Decider<DomainCommand, Event, State>, 'evolve' | 'initialState'>,
  facts: readonly RecordedFact[],
  asOf: string,
  knownAt: string,
): State {
  const known = facts.filter((fact) => fact.recordedAt <= knownAt);
  return fold(decider, effectiveHistory(known).filter((fact) => fact.occurredAt <= asOf));
}
