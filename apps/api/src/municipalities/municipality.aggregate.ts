import { municipalityDecider, programmeDecider, type MunicipalityCommand, type MunicipalityEvent, type MunicipalityState } from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/**
 * Municipalities on the command path: a registration looks up its parent Kreis, an enrolment its programme.
 * The registry is the coordinators'.
 */
export const MUNICIPALITY: Aggregate<MunicipalityCommand, MunicipalityEvent, MunicipalityState> = {
  decider: municipalityDecider,
  writers: ['admin', 'coordinator'],
  async beforeDecide({ command, lookup }) {
    if (command.type === 'RegisterMunicipality' && command.data.parentId !== null) {
      return { ...command, parent: await lookup.stateOf(municipalityDecider, command.data.parentId, command.occurredAt) };
    }
    if (command.type === 'EnrolMunicipality') {
      return { ...command, programme: await lookup.stateOf(programmeDecider, command.data.programmeId, command.occurredAt) };
    }
    return command;
  },
};
