import type { CorrectEvent, DomainCommand, Fact } from '#domain';
import type { Identity } from '../access/identity.js';
import { ProblemException } from '../problems/problem.exception.js';
import type { AnyAggregate } from './aggregate.js';

/**
 * The command path's authorisation, decided against the state being changed before anything is decided
 * or appended: the role must write to this aggregate, and an editor only to its own municipality. An editor
 * gets the same 403 whether a foreign goal exists or not, so the answer reveals nothing.
 */
export function authorise(aggregate: AnyAggregate, identity: Identity, command: DomainCommand | CorrectEvent, history: readonly Fact[]): void {
  const category = aggregate.decider.category;
  if (!aggregate.writers.includes(identity.role)) {
    throw new ProblemException('forbidden', `The role ${identity.role} may not write ${category} streams`, { role: identity.role });
  }
  if (identity.role !== 'municipality_editor') return;
  const municipality = aggregate.municipalityOf?.({ command, history });
  if (municipality === undefined || municipality !== identity.municipalityId) {
    throw new ProblemException('forbidden', `This key writes for municipality ${identity.municipalityId ?? '(none)'} only`, { role: identity.role });
  }
}
