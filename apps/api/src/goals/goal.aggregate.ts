import { goalDecider, type GoalCommand, type GoalEvent, type GoalState } from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/** Goals on the command path: their decider; no other aggregate to look up yet. */
export const GOAL: Aggregate<GoalCommand, GoalEvent, GoalState> = { decider: goalDecider };
