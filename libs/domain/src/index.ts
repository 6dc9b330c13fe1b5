export * from './shared/domain-error.js';
export * from './shared/world-time.js';
export * from './goal/goal-status.js';
export * from './goal/goal.types.js';
export { decide as decideGoal } from './goal/goal.decide.js';
export { evolve as evolveGoal } from './goal/goal.evolve.js';
export * from './goal/goal.codec.js';
