import {
  effectiveHistory,
  fold,
  goalDecider,
  municipalityDecider,
  programmeDecider,
  type GoalCommand,
  type GoalEvent,
  type GoalState,
} from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/**
 * Goals on the command path. A formulation looks up its programme, municipality and parent goal, a
 * carry-over the goal's programme and municipality — each as of the command's world time. A municipality's
 * editors write its goals: the municipality of an existing goal is the goal's, whatever the request says.
 */
export const GOAL: Aggregate<GoalCommand, GoalEvent, GoalState> = {
  decider: goalDecider,
  writers: ['admin', 'coordinator', 'municipality_editor'],
  municipalityOf({ command, history }) {
    if (history.length > 0) {
      const goal = fold(goalDecider, effectiveHistory(history));
      return goal.exists ? goal.municipalityId : undefined;
    }
    return command.type === 'FormulateGoal' ? command.data.municipalityId : undefined;
  },
  async beforeDecide({ command, history, lookup }) {
    const at = command.type === 'CorrectEvent' ? undefined : command.occurredAt;
    if (command.type === 'FormulateGoal' && at) {
      const { programmeId, municipalityId, parentGoalId } = command.data;
      const [programme, municipality, parent] = await Promise.all([
        lookup.stateOf(programmeDecider, programmeId ?? '', at),
        lookup.stateOf(municipalityDecider, municipalityId, at),
        parentGoalId === null ? null : lookup.stateOf(goalDecider, parentGoalId, at),
      ]);
      return { ...command, references: { programme, municipality, parent } };
    }
    if (command.type === 'CarryOverGoal' && at) {
      const goal = fold(goalDecider, effectiveHistory(history));
      if (!goal.exists) return command;
      const [programme, municipality] = await Promise.all([
        lookup.stateOf(programmeDecider, goal.programmeId ?? '', at),
        lookup.stateOf(municipalityDecider, goal.municipalityId, at),
      ]);
      return { ...command, references: { programme, municipality } };
    }
    return command;
  },
};
