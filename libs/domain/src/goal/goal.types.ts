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

interface CommandTime {
  readonly occurredAt: string;
  readonly now: string;
}

export interface FormulateGoal extends CommandTime {
  readonly type: 'FormulateGoal';
  readonly data: GoalDefinition;
}

export interface ReviseGoal extends CommandTime {
  readonly type: 'ReviseGoal';
  readonly data: { readonly goalId: string; readonly changes: GoalChanges; readonly reason: string };
}

export interface ChangeGoalStatus extends CommandTime {
  readonly type: 'ChangeGoalStatus';
  readonly data: { readonly goalId: string; readonly to: GoalStatus; readonly reason: string };
}

export type GoalCommand = FormulateGoal | ReviseGoal | ChangeGoalStatus;

// ── Events: what happened. Type strings are stable, past-tense literals.

export interface GoalFormulated {
  readonly type: 'GoalFormulated';
  readonly data: GoalDefinition;
  readonly occurredAt: string;
}

export interface GoalRevised {
  readonly type: 'GoalRevised';
  /** Only the fields that actually changed. */
  readonly data: { readonly goalId: string; readonly changes: GoalChanges; readonly reason: string };
  readonly occurredAt: string;
}

export interface GoalStatusChanged {
  readonly type: 'GoalStatusChanged';
  readonly data: { readonly goalId: string; readonly from: GoalStatus; readonly to: GoalStatus; readonly reason: string };
  readonly occurredAt: string;
}

export type GoalEvent = GoalFormulated | GoalRevised | GoalStatusChanged;

export const GOAL_EVENT_TYPES: ReadonlySet<string> = new Set<GoalEvent['type']>([
  'GoalFormulated',
  'GoalRevised',
  'GoalStatusChanged',
]);

// ── State: what a decision needs to know, nothing more.

export interface Goal extends Omit<GoalDefinition, 'goalId'> {
  readonly exists: true;
  readonly id: string;
  readonly status: GoalStatus;
  readonly latestOccurredAt: string;
}

export type GoalState = { readonly exists: false } | Goal;

export const initialGoalState: GoalState = { exists: false };
