import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { Projection } from './projection.js';
import type { ProjectionStore } from './projection-store.port.js';

export type RunnerState = 'stopped' | 'starting' | 'running' | 'retrying';

export interface RunnerStatus {
  readonly name: string;
  readonly version: number;
  readonly state: RunnerState;
  /** Global position of the last event applied. */
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

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  get checkpoint(): number {
    return this.position;
  }

  status(): RunnerStatus {
    const { name, version } = this.projection;
    return { name, version, state: this.state, checkpoint: this.position, lastError: this.lastError };
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    try {
      this.position = (await this.store.prepare(this.projection)).position;
    } catch (error) {
      this.state = 'stopped';
      throw error;
    }
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.retryTimer);
    await this.subscription?.close();
    this.subscription = undefined;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(this.position >= waiter.position);
  }

  /** Empties the read model and replays the whole log into it. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.store.reset(this.projection);
    await this.start();
  }

  /** Resolves true once events up to `position` are applied, or false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
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

  private subscribe(): void {
    const subscription = this.events.subscribe({
      after: this.position,
      batchSize: this.options.batchSize ?? 500,
      onEvents: (events) => this.apply(events),
    });
    this.subscription = subscription;
    this.state = 'running';
    subscription.done.catch((error: unknown) => this.recover(subscription, error));
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    const { name, keyOf, evolve } = this.projection;
    const keys = [...new Set(events.map((event) => keyOf(event)).filter((key) => key !== undefined))];
    const documents = keys.length > 0 ? await this.store.load(name, keys) : new Map<string, object>();
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
    if (!(await this.store.commit(name, this.position, to, changed))) throw new CheckpointMoved();
    this.advance(to);
  }

  private advance(position: number): void {
    this.position = position;
    this.lastError = null;
    const reached = this.waiters.filter((waiter) => waiter.position <= position);
    if (reached.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of reached) waiter.resolve(true);
  }

  /** After a failed batch: resume from the stored checkpoint, at once if another runner moved it. */
  private recover(subscription: Subscription, error: unknown): void {
    if (this.subscription !== subscription || this.state === 'stopped') return;
    const moved = error instanceof CheckpointMoved;
    if (!moved) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.onError?.(error, this.projection.name);
    }
    this.state = 'retrying';
    this.retryTimer = setTimeout(
      () => {
        this.store
          .checkpoint(this.projection.name)
          .then((stored) => {
            if (this.state !== 'retrying') return;
            this.advance(stored?.position ?? 0);
            this.subscribe();
          })
          .catch((retryError: unknown) => this.recover(subscription, retryError));
      },
      moved ? 0 : (this.options.retryDelayMs ?? 1000),
    );
    // A runner waiting to retry does not by itself keep the process alive.
    this.retryTimer.unref();
  }
}
