import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { Projection } from './projection.js';
import type { ProjectionStore } from './projection-store.port.js';

/**
 * `superseded`: the stored read model belongs to a newer version of the projection (a rolling deploy
 * is under way); this runner leaves it to the newer instances and only watches their checkpoint.
 */
export type RunnerState = 'stopped' | 'starting' | 'running' | 'retrying' | 'superseded';

export interface RunnerStatus {
  readonly name: string;
  readonly version: number;
  readonly state: RunnerState;
  /** Global position of the last event this runner knows to be applied. */
  readonly checkpoint: number;
  readonly lastError: string | null;
}

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  /** Pause before resubscribing after a failed batch (default 1000 ms). */
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown, projection: string) => void;
}

/** The stored checkpoint moved under us: another runner applied the batch. Not an error. */
class CheckpointMoved extends Error {}

/** A newer version of the projection keeps the read model; this instance must not touch it. */
export class ProjectionSuperseded extends Error {
  override readonly name = 'ProjectionSuperseded';
}

const SUPERSEDED_POLL_MS = 20;

/**
 * Feeds one projection from the store's subscription. Each batch is folded and committed together
 * with the checkpoint, so after a crash the projection resumes exactly after the last committed
 * batch: no event is skipped or applied twice.
 */
export class ProjectionRunner {
  private state: RunnerState = 'stopped';
  private position = 0;
  private lastError: string | null = null;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters: { position: number; resolve: (reached: boolean) => void }[] = [];
  /** start, stop and rebuild run one after another, so two of them never interleave. */
  private lifecycle: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  /** The position up to which this runner knows the read model to be applied. */
  get checkpoint(): number {
    return this.position;
  }

  status(): RunnerStatus {
    const { name, version } = this.projection;
    return { name, version, state: this.state, checkpoint: this.position, lastError: this.lastError };
  }

  start(): Promise<void> {
    return this.serially(async () => {
      if (this.state === 'stopped') await this.resume();
    });
  }

  stop(): Promise<void> {
    return this.serially(() => this.halt());
  }

  /** Empties the read model and replays the whole log into it. */
  rebuild(): Promise<void> {
    return this.serially(async () => {
      if (this.state === 'superseded') throw new ProjectionSuperseded(this.lastError ?? this.projection.name);
      await this.halt();
      await this.store.reset(this.projection);
      await this.resume();
    });
  }

  /** Resolves true once events up to `position` are applied, or false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    if (this.state === 'stopped') return Promise.resolve(false);
    if (this.state === 'superseded') return this.watchStoredCheckpoint(position, Date.now() + timeoutMs);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.position >= position);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(step);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  /** Prepares the read model and subscribes from its checkpoint, unless a newer version keeps it. */
  private async resume(): Promise<void> {
    this.state = 'starting';
    try {
      const stored = await this.store.prepare(this.projection);
      this.advance(stored.position);
      if (stored.version !== this.projection.version) {
        this.state = 'superseded';
        this.lastError = `read model kept by version ${stored.version} of ${this.projection.name}; this instance runs version ${this.projection.version}`;
        return;
      }
    } catch (error) {
      this.state = 'stopped';
      throw error;
    }
    this.subscribe();
  }

  private async halt(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.retryTimer);
    await this.subscription?.close();
    this.subscription = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(this.position >= waiter.position);
  }

  private subscribe(): void {
    const subscription = this.events.subscribe({
      after: this.position,
      batchSize: this.options.batchSize ?? 500,
      onEvents: (events) => this.apply(events),
    });
    this.subscription = subscription;
    this.state = 'running';
    subscription.done.catch((error: unknown) => {
      if (this.subscription !== subscription || this.state !== 'running') return;
      this.subscription = undefined;
      this.retry(error);
    });
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    const { keyOf, evolve } = this.projection;
    const keys = [...new Set(events.map((event) => keyOf(event)).filter((key) => key !== undefined))];
    const documents = keys.length > 0 ? await this.store.load(this.projection.name, keys) : new Map<string, object>();
    const changed = new Map<string, object>();
    for (const event of events) {
      const key = keyOf(event);
      if (key === undefined) continue;
      const before = documents.get(key);
      const after = evolve(before, event);
      if (after !== undefined && after !== before) {
        documents.set(key, after);
        changed.set(key, after);
      }
    }
    const to = events[events.length - 1].position;
    if (!(await this.store.commit(this.projection, this.position, to, changed))) throw new CheckpointMoved();
    this.lastError = null;
    this.advance(to);
  }

  private advance(position: number): void {
    this.position = position;
    const reached = this.waiters.filter((waiter) => waiter.position <= position);
    if (reached.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of reached) waiter.resolve(true);
  }

  /**
   * After a failed batch or start: prepare again and resume from the stored checkpoint — at once if
   * another runner moved it, after a pause otherwise. The retry runs through the lifecycle queue, so a
   * stop or rebuild that comes meanwhile wins.
   */
  private retry(error: unknown): void {
    const moved = error instanceof CheckpointMoved;
    this.state = 'retrying';
    if (!moved) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.onError?.(error, this.projection.name);
    }
    this.retryTimer = setTimeout(
      () =>
        void this.serially(async () => {
          if (this.state !== 'retrying') return;
          await this.resume().catch((failure: unknown) => this.retry(failure));
        }),
      moved ? 0 : (this.options.retryDelayMs ?? 1000),
    );
    // A runner waiting to retry does not by itself keep the process alive.
    this.retryTimer.unref();
  }

  /** Read-your-writes while a newer instance keeps the read model: watch the stored checkpoint. */
  private async watchStoredCheckpoint(position: number, deadline: number): Promise<boolean> {
    for (;;) {
      const stored = await this.store.checkpoint(this.projection.name);
      if ((stored?.position ?? 0) >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, SUPERSEDED_POLL_MS));
    }
  }
}
