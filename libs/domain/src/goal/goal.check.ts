import { DomainError } from '../shared/domain-error.js';
import { STATUS_TRANSITIONS, isTransitionAllowed } from './goal-status.js';
import type { Goal, GoalEvent, GoalState } from './goal.types.js';

/**
 * The rule each goal event needs of the state before it. `decide` checks the events it produces with it,
 * and a backdated fact or a correction re-checks every later fact with it.
 */
export function check(state: GoalState, event: GoalEvent): void {
  switch (event.type) {
    case 'GoalFormulated':
      if (state.exists) {
        throw new DomainError('goal-already-exists', `Goal ${event.data.goalId} already exists`, { goalId: event.data.goalId });
      }
      return;
    case 'GoalRevised':
      notDiscontinued(existing(state, event.data.goalId));
      return;
    case 'GoalCarriedOver': {
      const goal = notDiscontinued(existing(state, event.data.goalId));
      if (goal.phaseId !== event.data.fromPhaseId) {
        throw new DomainError('carry-over-phase-mismatch', `Goal ${goal.id} was in phase ${goal.phaseId}, not ${event.data.fromPhaseId}`, {
          goalId: goal.id,
          phaseId: goal.phaseId,
        });
      }
      return;
    }
    case 'GoalStatusChanged': {
      const goal = existing(state, event.data.goalId);
      const { to } = event.data;
      if (!isTransitionAllowed(goal.status, to)) {
        throw new DomainError('status-transition-forbidden', `Goal ${goal.id} cannot change from ${goal.status} to ${to}`, {
          goalId: goal.id,
          from: goal.status,
          to,
          allowed: STATUS_TRANSITIONS[goal.status],
        });
      }
      return;
    }
    default:
      return;
  }
}

export function existing(state: GoalState, goalId: string): Goal {
  if (!state.exists) throw new DomainError('goal-not-found', `Goal ${goalId} does not exist`, { goalId });
  return state;
}

function notDiscontinued(goal: Goal): Goal {
  if (goal.status === 'discontinued') {
    throw new DomainError('goal-discontinued', `Goal ${goal.id} is discontinued and can no longer be revised or carried over`, { goalId: goal.id });
  }
  return goal;
}
