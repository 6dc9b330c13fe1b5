import {
  assertParentKreis,
  DomainError,
  fold,
  initialMunicipalityState,
  municipalityDecider,
  programmeDecider,
  type EnrolmentEnded,
  type MunicipalityCommand,
  type MunicipalityEnrolled,
  type MunicipalityEvent,
  type MunicipalityRegistered,
  type MunicipalityState,
} from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/**
 * Municipalities on the command path: a registration looks up its parent Kreis, an enrolment and its end their programme
 * — each as of the command's world time, and again for a corrected one. The registry is the coordinators'.
 */
export const MUNICIPALITY: Aggregate<MunicipalityCommand, MunicipalityEvent, MunicipalityState> = {
  decider: municipalityDecider,
  writers: ['admin', 'coordinator'],
  async beforeDecide({ command, lookup }) {
    if (command.type === 'RegisterMunicipality' && command.data.parentId !== null) {
      return { ...command, parent: await lookup.stateOf(municipalityDecider, command.data.parentId, command.occurredAt) };
    }
    if (command.type === 'EnrolMunicipality' || command.type === 'EndEnrolment') {
      return { ...command, programme: await lookup.stateOf(programmeDecider, command.data.programmeId, command.occurredAt) };
    }
    return command;
  },
  /**
   * An enrolment whose first day or world time is corrected (or that a correction brings back) must lie
   * in its phase as known then, and so must the last day of a corrected end; a registration moved in time,
   * of another kind, or brought back, must still name a Kreis and fit its key.
   */
  async checkCorrection({ corrected: { fact, history, changed, restored }, lookup }) {
    const { occurredAt } = fact;
    if (fact.type === 'MunicipalityEnrolled' && (restored || changed.some((field) => field === 'from' || field === 'occurredAt'))) {
      const data = fact.data as unknown as MunicipalityEnrolled['data'];
      const programme = await lookup.stateOf(programmeDecider, data.programmeId, occurredAt);
      const before = fold(municipalityDecider, history.slice(0, history.indexOf(fact)));
      naming('from', () => municipalityDecider.decide({ type: 'EnrolMunicipality', data, occurredAt, now: occurredAt, programme }, before));
    }
    if (fact.type === 'EnrolmentEnded' && (restored || changed.some((field) => field === 'until' || field === 'occurredAt'))) {
      const data = fact.data as unknown as EnrolmentEnded['data'];
      const programme = await lookup.stateOf(programmeDecider, data.programmeId, occurredAt);
      const before = fold(municipalityDecider, history.slice(0, history.indexOf(fact)));
      naming('until', () => municipalityDecider.decide({ type: 'EndEnrolment', data, occurredAt, now: occurredAt, programme }, before));
    }
    if (fact.type === 'MunicipalityRegistered' && (restored || changed.some((field) => field === 'occurredAt' || field === 'kind'))) {
      const registered = fact.data as unknown as MunicipalityRegistered['data'];
      const parent = registered.parentId === null ? undefined : await lookup.stateOf(municipalityDecider, registered.parentId, occurredAt);
      if (restored || changed.includes('kind')) {
        naming(changed.includes('kind') ? 'kind' : 'parentId', () =>
          municipalityDecider.decide({ type: 'RegisterMunicipality', data: registered, occurredAt, now: occurredAt, ...(parent ? { parent } : {}) }, initialMunicipalityState),
        );
      } else if (parent && registered.parentId !== null) {
        // Moved in time only: its Kreis must exist by then. The kind and key rules are not asked again here,
        // so that a registration recorded before them can still be moved.
        const { parentId, municipalityId } = registered;
        naming('parentId', () => assertParentKreis(parent, parentId, municipalityId));
      }
    }
  },
};

/** Runs a decision whose refusal concerns `field`, so that the correction's answer names it. */
function naming(field: string, decide: () => unknown): void {
  try {
    decide();
  } catch (error) {
    if (!(error instanceof DomainError) || error.details.errors !== undefined) throw error;
    throw new DomainError(error.code, error.message, { ...error.details, errors: [{ field, message: error.message }] }, { cause: error });
  }
}
