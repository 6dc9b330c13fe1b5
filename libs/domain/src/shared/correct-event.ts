import canonicalize from 'canonicalize';
import { RETRACTED, SUPERSEDED, isCorrection, type EventSupersededData } from './corrections.js';
import type { Decider, DomainCommand, DomainEvent } from './decider.js';
import { DomainError } from './domain-error.js';
import type { EventCatalogue } from './event-catalogue.js';
import { assertNotInFuture, effectiveHistory, verifyHistory, type EffectiveFact, type Fact } from './timeline.js';

/** Corrects the fact at `revision` of the addressed stream: retract it, or supersede its data and/or world time. */
export interface CorrectEvent {
  readonly type: 'CorrectEvent';
  readonly now: string;
  readonly data: {
    readonly revision: number;
    readonly reason: string;
    /** true: the fact did not happen. Otherwise `changes` and/or `occurredAt` replace what was recorded. */
    readonly retract?: boolean;
    /** Data fields of the fact to replace; only fields its event type declares correctable. */
    readonly changes?: Readonly<Record<string, unknown>>;
    /** The world time the fact really happened at. */
    readonly occurredAt?: string;
  };
}

export type CorrectionEvent = DomainEvent<typeof RETRACTED | typeof SUPERSEDED, Record<string, unknown>>;

/**
 * Decides a correction: the corrected fact must be valid for its type, and the whole corrected history,
 * folded in world-time order, must still satisfy every rule; else the first fact that breaks is named.
 */
export function decideCorrection<Event extends DomainEvent, State>(
  decider: Decider<DomainCommand, Event, State>,
  catalogue: EventCatalogue,
  facts: readonly Fact[],
  command: CorrectEvent,
): CorrectionEvent[] {
  const { revision, reason, retract, occurredAt } = command.data;
  const target = facts.find((fact) => fact.revision === revision);
  if (!target) throw new DomainError('event-not-found', `The stream has no event at revision ${revision}`, { revision });
  if (isCorrection(target.type)) {
    throw new DomainError('correction-target-invalid', `Revision ${revision} is itself a correction; correct revision ${(target.data as { revision: number }).revision} instead`, { revision });
  }
  const current = effectiveHistory(facts).find((fact) => fact.revision === revision);
  const correction = retract ? retraction(target, current, reason) : supersession(catalogue, target, current ?? target, command);
  if (occurredAt !== undefined) assertNotInFuture(occurredAt, command.now);
  const corrected = effectiveHistory([...facts, { revision: nextRevision(facts), ...correction }]);
  verifyHistory(decider, corrected);
  return [correction];
}

/** A superseded fact as its correction leaves it, with the history around it and what the correction changed. */
export interface CorrectedFact {
  readonly fact: EffectiveFact;
  /** The stream's corrected history, in world-time order. */
  readonly history: readonly EffectiveFact[];
  /** The data fields whose value changed, and `occurredAt` if the fact moved in world time. */
  readonly changed: readonly string[];
  /**
   * The fact had been retracted and the correction brings it back: every rule it is bound by is checked
   * again, whatever changed (`changed` is against the fact as it was before its retraction).
   */
  readonly restored: boolean;
}

/** What a decided supersession makes of its fact; undefined for a retraction. */
export function correctedFact(facts: readonly Fact[], correction: CorrectionEvent): CorrectedFact | undefined {
  if (correction.type !== SUPERSEDED) return undefined;
  const { revision } = correction.data as unknown as EventSupersededData;
  const before = effectiveHistory(facts).find((fact) => fact.revision === revision);
  const history = effectiveHistory([...facts, { revision: nextRevision(facts), ...correction }]);
  const fact = history.find((candidate) => candidate.revision === revision);
  if (!fact) return undefined;
  if (!before) return { ...changesOf(retractionsUndone(facts, revision), fact), history, restored: true };
  return { ...changesOf(before, fact), history, restored: false };
}

/** The fact as it was before it was retracted. */
function retractionsUndone(facts: readonly Fact[], revision: number): EffectiveFact {
  const kept = facts.filter((fact) => !(fact.type === RETRACTED && (fact.data as { revision: number }).revision === revision));
  return effectiveHistory(kept).find((fact) => fact.revision === revision) as EffectiveFact;
}

function changesOf(before: EffectiveFact, fact: EffectiveFact): Pick<CorrectedFact, 'fact' | 'changed'> {
  const fields = new Set([...Object.keys(before.data), ...Object.keys(fact.data)]);
  const changed = [...fields].filter((field) => canonicalize(before.data[field]) !== canonicalize(fact.data[field]));
  return { fact, changed: before.occurredAt === fact.occurredAt ? changed : [...changed, 'occurredAt'] };
}

/**
 * A correction refused because its fact would no longer fit other aggregates: the errors of the rule it
 * breaks, named for the correction request (`changes.themeArea`, or `occurredAt` for a fact moved in time).
 */
export function correctionRefused(corrected: CorrectedFact, error: DomainError): DomainError {
  const errors = (error.details.errors as { field: string; message: string }[] | undefined) ?? [{ field: '', message: error.message }];
  const named = errors.map(({ field, message }) => {
    const root = field.split('.')[0];
    return { field: corrected.changed.includes(root) ? `changes.${field}` : corrected.changed.includes('occurredAt') ? 'occurredAt' : field, message };
  });
  return correctionInvalid(corrected.fact, named);
}

function retraction(target: Fact, current: Fact | undefined, reason: string): CorrectionEvent {
  if (!current) throw new DomainError('correction-changes-nothing', `Revision ${target.revision} is already retracted`, { revision: target.revision });
  return { type: RETRACTED, data: { revision: target.revision, reason }, occurredAt: current.occurredAt };
}

function supersession(catalogue: EventCatalogue, target: Fact, current: Fact, { data }: CorrectEvent): CorrectionEvent {
  const correctable = new Set(catalogue.definition(target.type)?.correctable ?? []);
  const changes = Object.fromEntries(Object.entries(data.changes ?? {}).filter(([field]) => correctable.has(field)));
  const refused = Object.keys(data.changes ?? {})
    .filter((field) => !correctable.has(field))
    .map((field) => ({ field: `changes.${field}`, message: `cannot be corrected on ${target.type} (correctable: ${[...correctable].join(', ') || 'only its world time'})` }));
  const validation = catalogue.validate(target.type, { ...current.data, ...changes });
  const invalid = validation.ok ? [] : validation.issues.map((issue) => ({ ...issue, field: `changes.${issue.field}` }));
  if (!validation.ok || refused.length > 0) throw correctionInvalid(target, [...refused, ...invalid]);
  const occurredAt = data.occurredAt ?? current.occurredAt;
  const unchanged = Object.entries(changes).every(([field, value]) => canonicalize(value) === canonicalize(current.data[field]));
  if (occurredAt === current.occurredAt && unchanged) {
    throw new DomainError('correction-changes-nothing', `The correction leaves revision ${target.revision} as it is`, { revision: target.revision });
  }
  const superseded: EventSupersededData = { revision: target.revision, reason: data.reason, type: target.type, schemaVersion: validation.version, data: validation.data };
  return { type: SUPERSEDED, data: { ...superseded }, occurredAt };
}

function correctionInvalid(target: Fact, errors: { field: string; message: string }[]): DomainError {
  return new DomainError('correction-invalid', `The corrected ${target.type} would not be valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, {
    revision: target.revision,
    errors,
  });
}

const nextRevision = (facts: readonly Fact[]): number => facts.reduce((max, fact) => Math.max(max, fact.revision), -1) + 1;
