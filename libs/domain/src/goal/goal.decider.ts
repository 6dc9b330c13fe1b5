import { streamIdOf, streamName, type Decider } from '../shared/decider.js';
import { check } from './goal.check.js';
import { decide } from './goal.decide.js';
import { evolve } from './goal.evolve.js';
import { initialGoalState, type GoalCommand, type GoalEvent, type GoalState } from './goal.types.js';

export const GOAL_CATEGORY = 'goal';

export const goalDecider: Decider<GoalCommand, GoalEvent, GoalState> = {
  category: GOAL_CATEGORY,
  initialState: initialGoalState,
  streamIdOf: (command) => command.data.goalId,
  decide,
  evolve,
  check,
};

export const goalStream = (goalId: string): string => streamName(GOAL_CATEGORY, goalId);

/** The goal id of a goal stream, or undefined for a stream of another category. */
export const goalIdOfStream = (stream: string): string | undefined => streamIdOf(GOAL_CATEGORY, stream);
