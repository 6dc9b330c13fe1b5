import { DomainError } from '../shared/domain-error.js';
import { assertOccurredAtAcceptable } from '../shared/world-time.js';
import { STATUS_TRANSITIONS, isTransitionAllowed } from './goal-status.js';
import type {
  ChangeGoalStatus,
  FormulateGoal,
  Goal,
  GoalChanges,
  GoalCommand,
  GoalEvent,
  GoalState,
  ReviseGoal,
} from './goal.types.js';

/** Decides which events a command produces, or throws the DomainError of the rule it breaks. */
export function decide(command: GoalCommand, state: GoalState): GoalEvent[] {
  switch (command.type) {
    case 'FormulateGoal':
      return formulate(command, state);
    case 'ReviseGoal':
      return revise(command, existing(state, command.data.goalId));
    case 'ChangeGoalStatus':
      return changeStatus(command, existing(state, command.data.goalId));
    default: {
      const unknown: never = command;
      throw new Error(`Unknown goal command ${JSON.stringify(unknown)}`);
    }
  }
}

function formulate(command: FormulateGoal, state: GoalState): GoalEvent[] {
  if (state.exists) {
    throw new DomainError('goal-already-exists', `Goal ${command.data.goalId} already exists`, {
      goalId: command.data.goalId,
    });
  }
  assertOccurredAtAcceptable(command.occurredAt, command.now);
  return [{ type: 'GoalFormulated', data: command.data, occurredAt: command.occurredAt }];
}

function revise(command: ReviseGoal, goal: Goal): GoalEvent[] {
  if (goal.status === 'discontinued') {
    throw new DomainError('goal-discontinued', `Goal ${goal.id} is discontinued and can no longer be revised`, {
      goalId: goal.id,
    });
  }
  assertOccurredAtAcceptable(command.occurredAt, command.now, goal.latestOccurredAt);
  const changes = actualChanges(goal, command.data.changes);
  if (Object.keys(changes).length === 0) {
    throw new DomainError('revision-changes-nothing', `The revision leaves goal ${goal.id} as it is`, {
      goalId: goal.id,
    });
  }
  const { goalId, reason } = command.data;
  return [{ type: 'GoalRevised', data: { goalId, changes, reason }, occurredAt: command.occurredAt }];
}

function changeStatus(command: ChangeGoalStatus, goal: Goal): GoalEvent[] {
  const { goalId, to, reason } = command.data;
  if (!isTransitionAllowed(goal.status, to)) {
    throw new DomainError(
      'status-transition-forbidden',
      `Goal ${goal.id} cannot change from ${goal.status} to ${to}`,
      { goalId: goal.id, from: goal.status, to, allowed: STATUS_TRANSITIONS[goal.status] },
    );
  }
  assertOccurredAtAcceptable(command.occurredAt, command.now, goal.latestOccurredAt);
  return [{ type: 'GoalStatusChanged', data: { goalId, from: goal.status, to, reason }, occurredAt: command.occurredAt }];
}

function existing(state: GoalState, goalId: string): Goal {
  if (!state.exists) throw new DomainError('goal-not-found', `Goal ${goalId} does not exist`, { goalId });
  return state;
}

/** Keeps only the fields whose value differs from the goal's current one. */
function actualChanges(goal: Goal, requested: GoalChanges): GoalChanges {
  const changes: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(requested) as [keyof GoalChanges, string | null | undefined][]) {
    if (value !== undefined && value !== goal[field]) changes[field] = value;
  }
  return changes;
}
