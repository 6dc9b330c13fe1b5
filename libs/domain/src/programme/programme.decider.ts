import { streamName, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { assertEndsByItsDay } from '../shared/timeline.js';
import { lastDayOf, type Phase, type Programme, type ProgrammeCommand, type ProgrammeEvent, type ProgrammeState, initialProgrammeState } from './programme.types.js';

export const PROGRAMME_CATEGORY = 'programme';
export const programmeStream = (programmeId: string): string => streamName(PROGRAMME_CATEGORY, programmeId);

function decide(command: ProgrammeCommand, state: ProgrammeState): ProgrammeEvent[] {
  const { occurredAt } = command;
  switch (command.type) {
    case 'RegisterProgramme':
      return checked(state, { type: 'ProgrammeRegistered', data: command.data, occurredAt });
    case 'OpenPhase':
      return checked(state, { type: 'PhaseOpened', data: command.data, occurredAt });
    case 'ClosePhase':
      return checked(state, { type: 'PhaseClosed', data: command.data, occurredAt });
    default: {
      const unknown: never = command;
      throw new Error(`Unknown programme command ${JSON.stringify(unknown)}`);
    }
  }
}

function checked(state: ProgrammeState, event: ProgrammeEvent): ProgrammeEvent[] {
  check(state, event);
  return [event];
}

function check(state: ProgrammeState, event: ProgrammeEvent): void {
  if (event.type === 'ProgrammeRegistered') {
    if (state.exists) throw new DomainError('programme-already-exists', `Programme ${event.data.programmeId} already exists`, { programmeId: event.data.programmeId });
    return;
  }
  const programme = existing(state, event.data.programmeId);
  if (event.type === 'PhaseOpened') {
    const { phaseId, startsOn, plannedEnd } = event.data;
    if (programme.phases.some((phase) => phase.id === phaseId)) {
      throw new DomainError('phase-already-exists', `Programme ${programme.id} already has a phase ${phaseId}`, { phaseId });
    }
    if (plannedEnd !== null && plannedEnd < startsOn) throw datesInvalid(phaseId, startsOn, plannedEnd);
    assertNoOverlap(programme, { id: phaseId, kind: event.data.kind, title: event.data.title, startsOn, plannedEnd, endedOn: null });
  } else if (event.type === 'PhaseClosed') {
    const phase = phaseOf(programme, event.data.phaseId);
    if (phase.endedOn !== null) throw new DomainError('phase-already-closed', `Phase ${phase.id} ended on ${phase.endedOn}`, { phaseId: phase.id, endedOn: phase.endedOn });
    if (event.data.endedOn < phase.startsOn) throw datesInvalid(phase.id, phase.startsOn, event.data.endedOn);
    assertNoOverlap(programme, { ...phase, endedOn: event.data.endedOn });
    assertEndsByItsDay(event.occurredAt, event.data.endedOn, 'endedOn');
  }
}

function evolve(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  switch (event.type) {
    case 'ProgrammeRegistered':
      return { exists: true, id: event.data.programmeId, name: event.data.name, phases: [] };
    case 'PhaseOpened': {
      if (!state.exists) return state;
      const { phaseId, kind, title, startsOn, plannedEnd } = event.data;
      const phases = [...state.phases, { id: phaseId, kind, title, startsOn, plannedEnd, endedOn: null }];
      return { ...state, phases: phases.sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1)) };
    }
    case 'PhaseClosed':
      if (!state.exists) return state;
      return { ...state, phases: state.phases.map((phase) => (phase.id === event.data.phaseId ? { ...phase, endedOn: event.data.endedOn } : phase)) };
    default:
      return state;
  }
}

export function existing(state: ProgrammeState, programmeId: string): Programme {
  if (!state.exists) throw new DomainError('programme-not-found', `Programme ${programmeId} does not exist`, { programmeId });
  return state;
}

export function phaseOf(programme: Programme, phaseId: string): Phase {
  const phase = programme.phases.find((candidate) => candidate.id === phaseId);
  if (!phase) throw new DomainError('phase-not-found', `Programme ${programme.id} has no phase ${phaseId}`, { programmeId: programme.id, phaseId });
  return phase;
}

function assertNoOverlap(programme: Programme, phase: Phase): void {
  const other = programme.phases.find((p) => p.id !== phase.id && p.startsOn <= lastDayOf(phase) && phase.startsOn <= lastDayOf(p));
  if (other) {
    throw new DomainError('phase-overlaps', `Phase ${phase.id} (${phase.startsOn} – ${lastDayOf(phase)}) overlaps phase ${other.id} (${other.startsOn} – ${lastDayOf(other)})`, {
      phaseId: phase.id,
      overlappingPhaseId: other.id,
    });
  }
}

const datesInvalid = (phaseId: string, startsOn: string, end: string) =>
  new DomainError('phase-dates-invalid', `Phase ${phaseId} cannot end (${end}) before it starts (${startsOn})`, { phaseId, startsOn, end });

export const programmeDecider: Decider<ProgrammeCommand, ProgrammeEvent, ProgrammeState> = {
  category: PROGRAMME_CATEGORY,
  initialState: initialProgrammeState,
  streamIdOf: (command) => command.data.programmeId,
  decide,
  evolve,
  check,
};
