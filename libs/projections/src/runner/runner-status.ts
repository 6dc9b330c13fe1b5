import type { ReadModel } from '../read-model.js';
import type { Generation } from '../store/read-model-store.js';
import type { GenerationWorker } from './generation-worker.js';

/**
 * `running`: this instance holds the lease and applies the read model. `following`: another instance does;
 * this one tracks the stored checkpoint. `superseded`: a newer version keeps the read model (a rolling deploy).
 * `retrying`: a batch or a round of upkeep failed and is retried with backoff.
 */
export type RunnerState = 'stopped' | 'starting' | 'running' | 'following' | 'retrying' | 'superseded';

export interface RebuildStatus {
  readonly generation: number;
  readonly version: number;
  readonly checkpoint: number;
  readonly lastError: string | null;
}

export interface RunnerStatus {
  readonly name: string;
  readonly version: number;
  readonly state: RunnerState;
  /** Global position of the last event the live generation holds, as far as this instance knows. */
  readonly checkpoint: number;
  readonly lastError: string | null;
  /** The live generation; null until the first one exists. */
  readonly generation: number | null;
  /**
   * Whether the live generation has its query indexes: a first generation filled in place on a long log
   * gets them once it has caught up; until then lists would scan its tables.
   */
  readonly indexed: boolean;
  /** Whether this instance holds the lease and applies the read model. */
  readonly holder: boolean;
  /** The generation being built in the shadow, if any. */
  readonly rebuild: RebuildStatus | null;
}

export interface ReadModelRunnerOptions {
  /** Identifies this instance in leases; unique per process. */
  readonly instanceId: string;
  /** Milliseconds since the epoch, for lease expiry (tests pass their own). */
  readonly clock?: () => number;
  /** How long a lease lasts unless renewed; another instance takes over once it has run out. */
  readonly leaseMs?: number;
  /** How often the lease is renewed (or, by the others, tried) and the registry looked at. */
  readonly renewMs?: number;
  /** How often an instance that does not apply the read model rereads its checkpoint while a caller waits. */
  readonly followPollMs?: number;
  /** Events per batch of the live generation; smaller batches give requests a turn sooner. */
  readonly batchSize?: number;
  /** Events per batch of a generation built in the shadow: fewer, larger commits rebuild faster. */
  readonly rebuildBatchSize?: number;
  /**
   * A long stretch of the log, in positions: a live generation that caught up on that many at once gets
   * fresh planner statistics, and a first generation over a log that long gets its query indexes only once
   * it has caught up.
   */
  readonly analyzeAfter?: number;
  /** First pause after a failure; each further failure doubles it, up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  readonly onError?: (error: unknown, readModel: string) => void;
}

export type RunnerSettings = Required<ReadModelRunnerOptions>;

export const runnerDefaults: Omit<RunnerSettings, 'instanceId'> = {
  clock: Date.now,
  leaseMs: 5000,
  renewMs: 1000,
  followPollMs: 20,
  batchSize: 500,
  rebuildBatchSize: 2000,
  analyzeAfter: 10_000,
  retryMs: 1000,
  maxRetryMs: 30_000,
  onError: () => undefined,
};

export function statusOf(
  model: Pick<ReadModel, 'name' | 'version'>,
  state: RunnerState,
  holder: boolean,
  checkpoint: number,
  known: { live?: Generation; building?: Generation },
  building: GenerationWorker | undefined,
  lastError: string | null,
): RunnerStatus {
  const shadow = known.building;
  const rebuild = shadow && {
    generation: shadow.generation,
    version: shadow.version,
    checkpoint: Math.max(shadow.position, building?.generation === shadow.generation ? building.position : 0),
    lastError: (building?.generation === shadow.generation ? building.lastError : null) ?? shadow.lastError,
  };
  const live = known.live;
  return { name: model.name, version: model.version, state, checkpoint, lastError, generation: live?.generation ?? null, indexed: live?.indexed ?? false, holder, rebuild: rebuild ?? null };
}
