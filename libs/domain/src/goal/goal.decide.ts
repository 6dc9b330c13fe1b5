import { DomainError } from '../shared/domain-error.js';
import { check, existing } from './goal.check.js';
import { assertCarryOver, assertFormulationReferences } from './goal.references.js';
import type { Goal, GoalChanges, GoalCommand, GoalEvent, GoalState } from './goal.types.js';

/** Decides which events a command produces, or throws the DomainError of the rule it breaks. */
export function decide(command: GoalCommand, state: GoalState): GoalEvent[] {
  const { occurredAt } = command;
  let event: GoalEvent;
  switch (command.type) {
    case 'FormulateGoal':
      event = { type: 'GoalFormulated', data: command.data, occurredAt };
      check(state, event);
      assertFormulationReferences(command);
      return [event];
    case 'ReviseGoal': {
      const { goalId, reason } = command.data;
      event = { type: 'GoalRevised', data: { goalId, changes: command.data.changes, reason }, occurredAt };
      check(state, event);
      const changes = actualChanges(existing(state, goalId), command.data.changes);
      if (Object.keys(changes).length === 0) {
        throw new DomainError('revision-changes-nothing', `The revision leaves goal ${goalId} as it is`, { goalId });
      }
      return [{ ...event, data: { goalId, changes, reason } }];
    }
    case 'ChangeGoalStatus':
      event = { type: 'GoalStatusChanged', data: command.data, occurredAt };
      break;
    case 'CarryOverGoal': {
      const { goalId, toPhaseId, reason } = command.data;
      const goal = existing(state, goalId);
      event = { type: 'GoalCarriedOver', data: { goalId, fromPhaseId: goal.phaseId, toPhaseId, themeArea: goal.themeArea, reason }, occurredAt };
      check(state, event);
      return [{ ...event, data: { ...event.data, themeArea: assertCarryOver(goal, command) } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown goal command ${JSON.stringify(unknown)}`);
    }
  }
  check(state, event);
  return [event];
}

/** Keeps only the fields whose value differs from the goal's current one. */
function actualChanges(goal: Goal, requested: GoalChanges): GoalChanges {
  const changes: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(requested) as [keyof GoalChanges, string | null | undefined][]) {
    if (value !== undefined && value !== goal[field]) changes[field] = value;
  }
  return changes;
}
