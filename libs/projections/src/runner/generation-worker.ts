import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import type { ApplyContext, ReadModel } from '../read-model.js';
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

/** A batch's commit while the writer runs it, and the log streams of its events. */
interface Committing {
  readonly streams: ReadonlySet<string>;
  readonly done: Promise<void>;
}

/**
 * Fills one generation from the log: each batch is folded by the read model and committed together with
 * the generation's checkpoint. A failed batch is retried from the stored checkpoint with backoff.
 *
 * During a catch-up a read model that says so (`foldsWhileCommitting`) folds the next batch while the
 * database commits the last one: a rebuild's time is the sum of both otherwise. Commits still run one
 * after another, each from the checkpoint the one before moved to.
 */
export class GenerationWorker {
  private current: number;
  private stopped = false;
  private subscription: Subscription | undefined;
  private catchingUp: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private readonly reached = new PositionWaiters();
  /** The read model's memory between batches (`ApplyContext.memory`), valid up to the last batch folded. */
  private memory = new Map<string, unknown>();
  /** The last batch's commit while it runs; the next batch is not committed before it ends. */
  private committing: Committing | undefined;
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

  /** Caught up with the log, it follows appends. */
  get following(): boolean {
    return !this.stopped && this.subscription !== undefined;
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
   * pages so that requests are served during a long catch-up. Returns once the last commit has ended.
   */
  private async catchUp(): Promise<void> {
    const { events, batchSize } = this.settings;
    try {
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
        if (!full) break;
        await eventLoopTurn();
      }
    } catch (error) {
      // A retry starts from the stored checkpoint, so a commit in flight must have ended by then; and if
      // the fence refused it, the batch folded meanwhile failed on tables this worker no longer owns.
      const refused = await this.committing?.done.then(
        () => undefined,
        (failure: unknown) => (failure instanceof CommitRefused ? failure : undefined),
      );
      throw refused ?? error;
    }
    await this.committed();
  }

  /** Follows appends after the catch-up; ends with an error when a batch fails or is refused. */
  private subscribe(): void {
    const subscription = this.settings.events.subscribe({
      after: this.current,
      batchSize: this.settings.batchSize,
      onEvents: async (events) => {
        await this.apply(events);
        await this.committed();
      },
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

  /**
   * Folds a batch and hands its commit to the database; `committed` waits for it. The fold may run while
   * the batch before still commits, if the read model says so: it learns which streams that batch holds.
   */
  private async apply(events: RecordedEvent[]): Promise<void> {
    const { model, store, holder } = this.settings;
    if (!model.foldsWhileCommitting) await this.committed();
    const handled = events.filter((event) => model.handles(event));
    const writes = handled.length === 0 ? [] : await model.apply(handled, this.context(model));
    // Folding and committing a batch are separate turns of the event loop: requests are served between them.
    await eventLoopTurn();
    await this.committed();
    const to = events[events.length - 1].position;
    const done = store.commit(model, this.generation, this.current, to, holder, writes).then((applied) => {
      if (!applied) throw new CommitRefused();
      this.advanced(to);
    });
    // Whoever waits for the commit reports its failure (`committed`, or the catch-up on its way out).
    done.catch(() => undefined);
    this.committing = { streams: new Set(handled.map((event) => event.stream)), done };
  }

  private context(model: ReadModel): ApplyContext<never> {
    return {
      db: this.settings.store.generationDb(model, this.generation),
      memory: this.memory,
      committed: async (streams) => {
        const committing = this.committing;
        for (const stream of streams) {
          if (committing?.streams.has(stream)) return committing.done;
        }
      },
    };
  }

  /** Waits for the commit of the last batch folded; throws its error, or CommitRefused. */
  private async committed(): Promise<void> {
    const committing = this.committing;
    if (!committing) return;
    await committing.done;
    if (this.committing === committing) this.committing = undefined;
  }

  private advanced(to: number): void {
    this.current = to;
    this.retrying = false;
    this.lastError = null;
    this.backoff.succeeded();
    this.reached.advance(to);
    this.listener.advanced(this);
  }

  private fail(error: unknown): void {
    // The failed batch, or the one folded after it, may have changed the memory without being committed.
    this.memory = new Map();
    this.committing = undefined;
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
