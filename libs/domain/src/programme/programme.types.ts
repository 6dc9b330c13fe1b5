import type { DomainCommand, DomainEvent } from '../shared/decider.js';

export const PHASE_KINDS = ['model', 'rollout'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

/** A phase of a programme; dates are calendar dates (YYYY-MM-DD), `endedOn` set once it is closed. */
export interface Phase {
  readonly id: string;
  readonly kind: PhaseKind;
  readonly title: string;
  readonly startsOn: string;
  readonly plannedEnd: string | null;
  readonly endedOn: string | null;
}

export interface RegisterProgramme extends DomainCommand<'RegisterProgramme'> {
  readonly data: { readonly programmeId: string; readonly name: string };
}

export interface OpenPhase extends DomainCommand<'OpenPhase'> {
  readonly data: { readonly programmeId: string; readonly phaseId: string; readonly kind: PhaseKind; readonly title: string; readonly startsOn: string; readonly plannedEnd: string | null };
}

export interface ClosePhase extends DomainCommand<'ClosePhase'> {
  readonly data: { readonly programmeId: string; readonly phaseId: string; readonly endedOn: string };
}

export type ProgrammeCommand = RegisterProgramme | OpenPhase | ClosePhase;

export type ProgrammeRegistered = DomainEvent<'ProgrammeRegistered', RegisterProgramme['data']>;
export type PhaseOpened = DomainEvent<'PhaseOpened', OpenPhase['data']>;
export type PhaseClosed = DomainEvent<'PhaseClosed', ClosePhase['data']>;
export type ProgrammeEvent = ProgrammeRegistered | PhaseOpened | PhaseClosed;

export interface Programme {
  readonly exists: true;
  readonly id: string;
  readonly name: string;
  /** In the order of their start. */
  readonly phases: readonly Phase[];
}

export type ProgrammeState = { readonly exists: false } | Programme;

export const initialProgrammeState: ProgrammeState = { exists: false };

/** The last day a phase covers: its actual end, else its planned end, else open-ended. */
export const lastDayOf = (phase: Phase): string => phase.endedOn ?? phase.plannedEnd ?? '9999-12-31';

/** Whether a calendar date lies within the phase (inclusive on both ends). */
export const phaseCovers = (phase: Phase, date: string): boolean => phase.startsOn <= date && date <= lastDayOf(phase);

/** Whether a phase takes new goals on a calendar date: it has started and has not been closed before it. */
export const phaseOpenOn = (phase: Phase, date: string): boolean => phase.startsOn <= date && (phase.endedOn === null || date <= phase.endedOn);
