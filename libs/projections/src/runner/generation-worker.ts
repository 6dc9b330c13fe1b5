import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { ReadModel } from '../read-model.js';
import type { ReadModelStore } from '../store/read-model-store.js';
import { Backoff } from './backoff.js';
import { PositionWaiters } from './position-waiters.js';

export interface WorkerSettings {
  readonly events: EventStore;
  readonly store: ReadModelStore;
  readonly model: ReadModel;
  /** The lease holder id every commit is fenced with. */
  readonly holder: string;
  readonly batchSize: number;
  readonly retryMs: number;
  readonly maxRetryMs: number;
  readonly onError: (error: unknown) => void;
}

export interface WorkerListener {
  advanced(worker: GenerationWorker): void;
  /** The worker reached the end of the log, having applied events from `from` on; it follows appends now. */
  caughtUp(worker: GenerationWorker, from: number): void;
  /** A commit was refused: the lease is lost or the generation is no longer building or live. */
  refused(worker: GenerationWorker): void;
}

/** The fence refused a commit; not a failure, the runner decides what comes next. */
class CommitRefused extends Error {}

/**
 * Fills one generation from the log: each batch is folded by the read model and committed together with
 * the generation's checkpoint. A failed batch is retried from the stored checkpoint with backoff.
 */
export class GenerationWorker {
  private current: number;
  private stopped = false;
  private subscription: Subscription | undefined;
  private catchingUp: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private readonly reached = new PositionWaiters();
  /** The read model's memory between batches (`ApplyContext.memory`), valid up to `current`. */
  private memory = new Map<string, unknown>();
  lastError: string | null = null;
  retrying = false;

  constructor(
    private readonly settings: WorkerSettings,
    readonly generation: number,
    position: number,
    private readonly listener: WorkerListener,
  ) {
    this.current = position;
    this.reached.advance(position);
    this.backoff = new Backoff(settings.retryMs, settings.maxRetryMs);
  }

  /** Global position of the last event committed to this generation by this worker. */
  get position(): number {
    return this.current;
  }

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    this.catchUpThenFollow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.reached.releaseAll();
    await this.catchingUp?.catch(() => undefined);
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Resolves true once the generation holds events up to `position`; false if the worker stops or fails first. */
  until(position: number, timeoutMs: number): Promise<boolean> {
    return this.stopped ? Promise.resolve(this.current >= position) : this.reached.wait(position, timeoutMs);
  }

  private catchUpThenFollow(): void {
    const from = this.current;
    const catchingUp = this.catchUp().then(() => {
      if (this.stopped) return;
      // Healthy again even when there was nothing left to apply after a failure.
      this.retrying = false;
      this.lastError = null;
      this.listener.caughtUp(this, from);
      this.subscribe();
    });
    this.catchingUp = catchingUp;
    catchingUp.catch((error: unknown) => this.ended(error));
  }

  /**
   * Applies the log page by page up to its end, reading each next page while the current one is folded
   * and committed (on PostgreSQL the database works meanwhile), and giving the event loop a turn between
   * pages so that requests are served during a long catch-up.
   */
  private async catchUp(): Promise<void> {
    const { events, batchSize } = this.settings;
    let next = events.readAll({ after: this.current, limit: batchSize });
    while (!this.stopped) {
      const page = await next;
      const full = page.length === batchSize;
      if (full) {
        next = events.readAll({ after: page[page.length - 1].position, limit: batchSize });
        // A failed read ahead is reported when it is awaited, or not at all when this page fails first.
        next.catch(() => undefined);
      }
      if (page.length > 0 && !this.stopped) await this.apply(page);
      if (!full) return;
      await eventLoopTurn();
    }
  }

  /** Follows appends after the catch-up; ends with an error when a batch fails or is refused. */
  private subscribe(): void {
    const subscription = this.settings.events.subscribe({
      after: this.current,
      batchSize: this.settings.batchSize,
      onEvents: (events) => this.apply(events),
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.subscription === subscription) this.ended(error);
    });
  }

  private ended(error: unknown): void {
    if (this.stopped) return;
    this.subscription = undefined;
    if (error instanceof CommitRefused) {
      this.stopped = true;
      this.reached.releaseAll();
      this.listener.refused(this);
    } else {
      this.fail(error);
    }
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    const { model, store, holder } = this.settings;
    const handled = events.filter((event) => model.handles(event));
    const writes = handled.length === 0 ? [] : await model.apply(handled, { db: store.generationDb(model, this.generation), memory: this.memory });
    // Folding and committing a batch are separate turns of the event loop: requests are served between them.
    await eventLoopTurn();
    const to = events[events.length - 1].position;
    if (!(await store.commit(model, this.generation, this.current, to, holder, writes))) throw new CommitRefused();
    this.current = to;
    this.retrying = false;
    this.lastError = null;
    this.backoff.succeeded();
    this.reached.advance(to);
    this.listener.advanced(this);
  }

  private fail(error: unknown): void {
    // The failed batch may have changed the memory without its writes being committed.
    this.memory = new Map();
    this.retrying = true;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.reached.releaseAll();
    this.settings.onError(error);
    const { store, model } = this.settings;
    // Other instances show the error too; if even this write fails, the retry reports again.
    store.recordError(model.name, this.generation, this.lastError).catch(() => undefined);
    this.retryTimer = setTimeout(() => void this.resume(), this.backoff.failed());
    // A worker waiting to retry does not by itself keep the process alive.
    this.retryTimer.unref();
  }

  /** Continues from the stored checkpoint: a commit whose answer was lost may have gone through. */
  private async resume(): Promise<void> {
    if (this.stopped) return;
    try {
      const stored = (await this.settings.store.generations(this.settings.model.name)).find((g) => g.generation === this.generation);
      if (this.stopped) return;
      if (!stored || (stored.state !== 'building' && stored.state !== 'live')) {
        this.stopped = true;
        this.listener.refused(this);
        return;
      }
      this.current = Math.max(this.current, stored.position);
      this.reached.advance(this.current);
      this.catchUpThenFollow();
    } catch (error) {
      this.fail(error);
    }
  }
}
