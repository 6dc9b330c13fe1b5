import { auditReadModel } from './audit/audit.read-model.js';
import { goalsReadModel } from './goals/goals.read-model.js';
import { merkleTreeReadModel } from './integrity/merkle-tree.read-model.js';
import { municipalitiesReadModel } from './municipalities/municipalities.read-model.js';
import { programmesReadModel } from './programmes/programmes.read-model.js';
import { reviewsReadModel } from './reviews/reviews.read-model.js';
import type { ReadModel } from './read-model.js';

export * from './read-model.js';
export * from './open-read-models.js';
export { ReadModelStore, type Generation } from './store/read-model-store.js';
export type { ReadModelDatabase } from './store/read-model-database.js';
export type { PostgresReadModelOptions } from './store/postgres-read-model-database.js';
export { byteOrderedText, insertRows, upsertRows } from './store/sql-helpers.js';
export { ReadModelRunner, ProjectionSuperseded } from './runner/read-model-runner.js';
export type { ReadModelRunnerOptions, RebuildStatus, RunnerState, RunnerStatus } from './runner/runner-status.js';
export * from './timeline/stream-timeline.js';
export * from './timeline/point-of-view.js';
export { reflectedPosition } from './timeline/known-revision.js';
export * from './streams/stream-tables.js';
export * from './streams/stream-read-model.js';
export * from './streams/stream-queries.js';
export * from './programmes/programmes.read-model.js';
export * from './programmes/programme.queries.js';
export * from './municipalities/municipalities.read-model.js';
export * from './municipalities/municipality.queries.js';
export * from './reviews/reviews.read-model.js';
export * from './reviews/review.queries.js';
export * from './evaluation/phase-evaluation.js';
export * from './evaluation/goal-outcomes.queries.js';
export * from './evaluation/evaluation.queries.js';
export * from './goals/goal-snapshot.js';
export * from './goals/goal-views.js';
export * from './goals/goals.tables.js';
export { goalsReadModel } from './goals/goals.read-model.js';
export * from './goals/goal.queries.js';
export * from './goals/goal-history.queries.js';
export * from './audit/audit.tables.js';
export { auditReadModel, auditReadModelRemembering } from './audit/audit.read-model.js';
export * from './audit/audit.queries.js';

export * from './integrity/merkle.tables.js';
export * from './integrity/sql-node-store.js';
export { merkleTreeReadModel } from './integrity/merkle-tree.read-model.js';

/** Every read model the API serves; each has its own runner, generations and checkpoint. */
export const ALL_READ_MODELS: readonly ReadModel[] = [goalsReadModel, auditReadModel, merkleTreeReadModel, programmesReadModel, municipalitiesReadModel, reviewsReadModel];
