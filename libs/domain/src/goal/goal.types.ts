import type { MunicipalityState } from '../municipality/municipality.types.js';
import type { ProgrammeState } from '../programme/programme.types.js';
import type { DomainCommand, DomainEvent } from '../shared/decider.js';
import type { GoalStatus } from './goal-status.js';

/** The fields a goal is formulated with; all dates travel as ISO strings. */
export interface GoalDefinition {
  readonly goalId: string;
  /** Null only for goals recorded before goals named their programme (schema version 1). */
  readonly programmeId: string | null;
  readonly municipalityId: string;
  readonly phaseId: string;
  /** The key of one of the municipality's theme areas in the phase. */
  readonly themeArea: string;
  readonly title: string;
  readonly description: string;
  /** Calendar date (YYYY-MM-DD) by which the goal should be reached, if one was agreed. */
  readonly targetDate: string | null;
  /** Where the goal was formulated, e.g. a goal-concretisation workshop. */
  readonly source: string | null;
  /** Social spaces (Sozialräume) of the municipality the goal is about; empty for the whole municipality. */
  readonly socialSpaceIds: readonly string[];
  /** The goal this one is a sub-goal of, of the same municipality and phase. */
  readonly parentGoalId: string | null;
}

/** What the command path looks up for a goal, as of the command's world time. */
export interface GoalReferences {
  readonly programme: ProgrammeState;
  readonly municipality: MunicipalityState;
  /** The parent goal, when one is named. */
  readonly parent: GoalState | null;
}

/** The fields a revision may change. An absent field stays as it is; `targetDate: null` clears it. */
export interface GoalChanges {
  readonly title?: string;
  readonly description?: string;
  readonly targetDate?: string | null;
}

// ── Commands: what a client asks for. `occurredAt` is world time from the client, `now` the server clock.

export interface FormulateGoal extends DomainCommand<'FormulateGoal'> {
  readonly data: GoalDefinition;
  readonly references?: GoalReferences;
}

export interface ReviseGoal extends DomainCommand<'ReviseGoal'> {
  readonly data: { readonly goalId: string; readonly changes: GoalChanges; readonly reason: string };
}

export interface ChangeGoalStatus extends DomainCommand<'ChangeGoalStatus'> {
  readonly data: { readonly goalId: string; readonly to: GoalStatus; readonly reason: string };
}

/** Continues a goal in a later phase of its programme: same id, same history, from now on in the new phase. */
export interface CarryOverGoal extends DomainCommand<'CarryOverGoal'> {
  readonly data: { readonly goalId: string; readonly toPhaseId: string; readonly themeArea: string | null; readonly reason: string };
  readonly references?: Omit<GoalReferences, 'parent'>;
}

export type GoalCommand = FormulateGoal | ReviseGoal | ChangeGoalStatus | CarryOverGoal;

// ── Events: what happened. Type strings are stable, past-tense literals; docs/events.md lists their shapes.

export type GoalFormulated = DomainEvent<'GoalFormulated', GoalDefinition>;

/** Only the fields that actually changed. */
export type GoalRevised = DomainEvent<'GoalRevised', { readonly goalId: string; readonly changes: GoalChanges; readonly reason: string }>;

/**
 * The status the goal changed to. The status it changed *from* is not recorded (since schema version 2):
 * a backdated change or a correction can insert facts before this one, so only the fold can tell it.
 */
export type GoalStatusChanged = DomainEvent<'GoalStatusChanged', { readonly goalId: string; readonly to: GoalStatus; readonly reason: string }>;

export type GoalCarriedOver = DomainEvent<
  'GoalCarriedOver',
  { readonly goalId: string; readonly fromPhaseId: string; readonly toPhaseId: string; readonly themeArea: string; readonly reason: string }
>;

export type GoalEvent = GoalFormulated | GoalRevised | GoalStatusChanged | GoalCarriedOver;

// ── State: what a decision needs to know, nothing more.

export interface Goal extends Omit<GoalDefinition, 'goalId'> {
  readonly exists: true;
  readonly id: string;
  readonly status: GoalStatus;
  /** World time of the latest fact folded in. */
  readonly latestOccurredAt: string;
}

export type GoalState = { readonly exists: false } | Goal;

export const initialGoalState: GoalState = { exists: false };
