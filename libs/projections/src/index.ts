export * from './projection.js';
export * from './projection-store.port.js';
export * from './projection-runner.js';
export { SqliteProjectionStore } from './sqlite/sqlite-projection-store.js';
export { PostgresProjectionStore } from './postgres/postgres-projection-store.js';
export * from './goal-details/goal-details.projection.js';
export * from './goal-history/goal-history.projection.js';

import { goalDetailsProjection } from './goal-details/goal-details.projection.js';
import { goalHistoryProjection } from './goal-history/goal-history.projection.js';
import type { Projection } from './projection.js';

/** Every read model the API serves; each runs in its own runner with its own checkpoint. */
export const ALL_PROJECTIONS: readonly Projection[] = [goalDetailsProjection, goalHistoryProjection];
export * from './goal-details/goal-details.queries.js';
export * from './goal-history/goal-history.queries.js';
