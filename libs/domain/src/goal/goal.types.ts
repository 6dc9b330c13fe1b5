import type { DomainCommand, DomainEvent } from '../shared/decider.js';
import type { GoalStatus } from './goal-status.js';

/** The fields a goal is formulated with; all dates travel as ISO strings. */
export interface GoalDefinition {
  readonly goalId: string;
  readonly municipalityId: string;
  readonly phaseId: string;
  readonly themeArea: string;
  readonly title: string;
  readonly description: string;
  /** Calendar date (YYYY-MM-DD) by which the goal should be reached, if one was agreed. */
  readonly targetDate: string | null;
  /** Where the goal was formulated, e.g. a goal-concretisation workshop. */
  readonly source: string | null;
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
}

export interface ReviseGoal extends DomainCommand<'ReviseGoal'> {
  readonly data: { readonly goalId: string; readonly changes: GoalChanges; readonly reason: string };
}

export interface ChangeGoalStatus extends DomainCommand<'ChangeGoalStatus'> {
  readonly data: { readonly goalId: string; readonly to: GoalStatus; readonly reason: string };
}

export type GoalCommand = FormulateGoal | ReviseGoal | ChangeGoalStatus;

// ── Events: what happened. Type strings are stable, past-tense literals; docs/events.md lists their shapes.

export type GoalFormulated = DomainEvent<'GoalFormulated', GoalDefinition>;

/** Only the fields that actually changed. */
export type GoalRevised = DomainEvent<'GoalRevised', { readonly goalId: string; readonly changes: GoalChanges; readonly reason: string }>;

/**
 * The status the goal changed to. The status it changed *from* is not recorded (since schema version 2):
 * a backdated change or a correction can insert facts before this one, so only the fold can tell it.
 */
export type GoalStatusChanged = DomainEvent<'GoalStatusChanged', { readonly goalId: string; readonly to: GoalStatus; readonly reason: string }>;

export type GoalEvent = GoalFormulated | GoalRevised | GoalStatusChanged;

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
