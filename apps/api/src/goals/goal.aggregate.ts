import {
  effectiveHistory,
  fold,
  goalDecider,
  municipalityDecider,
  initialGoalState,
  programmeDecider,
  type Goal,
  type GoalCarriedOver,
  type GoalCommand,
  type GoalDefinition,
  type GoalEvent,
  type GoalState,
} from '#domain';
import type { Aggregate } from '../commands/aggregate.js';
import type { Lookup } from '../commands/lookup.js';

/**
 * Goals on the command path. A formulation looks up its programme, municipality and parent goal, a
 * carry-over the goal's programme and municipality — each as of the command's world time. A municipality's
 * editors write its goals: the municipality of an existing goal is the goal's, whatever the request says.
 */
export const GOAL: Aggregate<GoalCommand, GoalEvent, GoalState> = {
  decider: goalDecider,
  writers: ['admin', 'coordinator', 'municipality_editor'],
  municipalityOf({ command, history }) {
    const goal = fold(goalDecider, effectiveHistory(history));
    if (goal.exists) return goal.municipalityId;
    if (command.type === 'FormulateGoal') return command.data.municipalityId;
    // A goal whose formulation was retracted is still its municipality's to bring back by a correction.
    const formulated = history.findLast((fact) => fact.type === 'GoalFormulated');
    return formulated ? (formulated.data as unknown as GoalDefinition).municipalityId : undefined;
  },
  async beforeDecide({ command, history, lookup }) {
    if (command.type === 'FormulateGoal') return { ...command, references: await formulationReferences(command.data, command.occurredAt, lookup) };
    if (command.type === 'CarryOverGoal') {
      const goal = fold(goalDecider, effectiveHistory(history));
      return goal.exists ? { ...command, references: await carryOverReferences(goal, command.occurredAt, lookup) } : command;
    }
    return command;
  },
  /**
   * A corrected formulation or carry-over is decided again as its command, against the registries as of
   * its (possibly corrected) world time: a new theme area or social space must be the municipality's. A
   * retracted one brought back by a correction is decided again whatever changed.
   */
  async checkCorrection({ corrected: { fact, history, changed, restored }, lookup }) {
    const { occurredAt } = fact;
    const now = occurredAt;
    if (fact.type === 'GoalFormulated' && (restored || changed.some((field) => FORMULATION_REFERENCES.has(field)))) {
      const data = fact.data as unknown as GoalDefinition;
      goalDecider.decide({ type: 'FormulateGoal', data, occurredAt, now, references: await formulationReferences(data, occurredAt, lookup) }, initialGoalState);
    }
    if (fact.type === 'GoalCarriedOver' && (restored || changed.some((field) => CARRY_OVER_REFERENCES.has(field)))) {
      const goal = fold(goalDecider, history.slice(0, history.indexOf(fact)));
      if (!goal.exists) return;
      const { goalId, toPhaseId, themeArea, reason } = fact.data as unknown as GoalCarriedOver['data'];
      const references = await carryOverReferences(goal, occurredAt, lookup);
      goalDecider.decide({ type: 'CarryOverGoal', data: { goalId, toPhaseId, themeArea, reason }, occurredAt, now, references }, goal);
    }
  },
};

/** The fields of a formulation and a carry-over that refer to other aggregates, and their world time. */
const FORMULATION_REFERENCES = new Set(['themeArea', 'socialSpaceIds', 'occurredAt']);
const CARRY_OVER_REFERENCES = new Set(['themeArea', 'occurredAt']);

async function formulationReferences({ programmeId, municipalityId, parentGoalId }: GoalDefinition, at: string, lookup: Lookup) {
  const [programme, municipality, parent] = await Promise.all([
    lookup.stateOf(programmeDecider, programmeId ?? '', at),
    lookup.stateOf(municipalityDecider, municipalityId, at),
    parentGoalId === null ? null : lookup.stateOf(goalDecider, parentGoalId, at),
  ]);
  return { programme, municipality, parent };
}

async function carryOverReferences(goal: Goal, at: string, lookup: Lookup) {
  const [programme, municipality] = await Promise.all([
    lookup.stateOf(programmeDecider, goal.programmeId ?? '', at),
    lookup.stateOf(municipalityDecider, goal.municipalityId, at),
  ]);
  return { programme, municipality };
}
