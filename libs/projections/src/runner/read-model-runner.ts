import { CheckedEventStore, type EventStore } from '#event-store';
import { assertReadModel, type ReadModel } from '../read-model.js';
import type { Generation, ReadModelStore } from '../store/read-model-store.js';
import { HolderDuties } from './holder-duties.js';
import { PositionWaiters } from './position-waiters.js';
import { runnerDefaults, statusOf, type ReadModelRunnerOptions, type RunnerSettings, type RunnerState, type RunnerStatus } from './runner-status.js';

/** The read model is kept by a newer version (a rolling deploy is under way); this instance leaves it alone. */
export class ProjectionSuperseded extends Error {
  override readonly name = 'ProjectionSuperseded';
}

/**
 * Runs one read model on one instance. Every instance runs one per read model; the one holding the lease
 * of the read model's version applies it (see HolderDuties), the others follow the stored checkpoint for
 * read-your-writes and status. Each round of upkeep renews or tries the lease and reads the registry.
 */
export class ReadModelRunner {
  private state: RunnerState = 'stopped';
  private holding = false;
  private stopping = false;
  private known: { live?: Generation; building?: Generation } = {};
  private tickError: string | null = null;
  private superseded: string | null = null;
  private readonly checkpoint = new PositionWaiters();
  private readonly settings: RunnerSettings;
  private readonly duties: HolderDuties;
  private ticker: NodeJS.Timeout | undefined;
  private follower: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** A renewal of the lease on its way while a round runs; stop waits for it before it gives the lease back. */
  private renewing: Promise<unknown> | undefined;
  private again = false;
  private lifecycle: Promise<unknown> = Promise.resolve();

  constructor(
    events: EventStore,
    private readonly store: ReadModelStore,
    readonly model: ReadModel,
    options: ReadModelRunnerOptions,
  ) {
    assertReadModel(model);
    this.settings = { ...runnerDefaults, ...options };
    // The catalogue's wrapper upcasts what it reads; a model of the stored bytes reads past it.
    const source = model.storedEvents && events instanceof CheckedEventStore ? events.inner : events;
    this.duties = new HolderDuties(source, store, model, this.settings, {
      liveAdvanced: (position) => this.checkpoint.advance(position),
      soon: () => this.soon(),
    });
  }

  status(): RunnerStatus {
    const { live, building } = this.duties;
    // Another instance's failure is known from the registry; this instance's from its own workers.
    const liveError = this.holding ? (live?.lastError ?? null) : (this.known.live?.lastError ?? null);
    const lastError = this.state === 'superseded' ? this.superseded : (this.tickError ?? this.duties.indexError ?? liveError);
    // A failing rebuild shows in `rebuild`; the runner retries only when the live generation is failing.
    const state = this.state === 'running' && live?.retrying ? 'retrying' : this.state;
    return statusOf(this.model, state, this.holding, this.checkpoint.checkpoint, this.known, building, lastError);
  }

  /**
   * The status with the checkpoint as stored when another instance fills the live generation: a follower
   * reads it on its own only while one of its requests waits for a position, so its lag would look as
   * large as the writes since (and readiness would fail on an instance whose tables are current).
   */
  async currentStatus(): Promise<RunnerStatus> {
    if (this.state !== 'stopped' && !this.duties.live?.running) {
      const live = (await this.store.generations(this.model.name)).find((g) => g.state === 'live');
      if (live) this.checkpoint.advance(live.position);
      // Whether it is indexed yet, too: readiness waits for that on every instance.
      if (live) this.known = { ...this.known, live };
    }
    return this.status();
  }

  /**
   * Takes part from now on: applies the read model when it gets the lease, follows it otherwise. Resolves
   * once the read model can be queried (catching up goes on in the background). Never throws: failures
   * are reported through `onError` and retried.
   */
  start(): Promise<void> {
    return this.serially(async () => {
      if (this.state !== 'stopped') return;
      this.stopping = false;
      this.state = 'starting';
      this.ticker = setInterval(() => this.onTimer(), this.settings.renewMs);
      this.ticker.unref();
      await this.tick();
      await this.untilLive(this.settings.leaseMs + this.settings.renewMs);
    });
  }

  /** Stops applying and hands the lease over at once. */
  stop(): Promise<void> {
    return this.serially(async () => {
      this.stopping = true;
      clearInterval(this.ticker);
      clearTimeout(this.follower);
      this.follower = undefined;
      await this.duties.stop();
      await this.ticking;
      // A renewal that lands after the release would take the lease again for an instance that has stopped.
      await this.renewing;
      await this.duties.stop();
      if (this.holding) await this.store.releaseLease(this.model.name, this.model.version, this.settings.instanceId).catch(() => undefined);
      this.holding = false;
      this.state = 'stopped';
      this.checkpoint.releaseAll();
    });
  }

  /**
   * Asks for a new generation built from position 0 in the shadow; the live one keeps serving until the
   * swap. Returns false when one is already being built. Whichever instance holds the lease builds it.
   */
  async rebuild(): Promise<boolean> {
    const generations = await this.store.generations(this.model.name);
    const newer = generations.find((g) => g.version > this.model.version && (g.state === 'live' || g.state === 'building'));
    if (newer) throw new ProjectionSuperseded(this.supersededMessage(newer.version));
    const created = await this.store.createGeneration(this.model.name, this.model.version);
    this.known = { ...this.known, building: (await this.store.generations(this.model.name)).find((g) => g.state === 'building') };
    this.soon();
    return created;
  }

  /** Resolves true once the live generation holds the event at `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint.checkpoint >= position) return Promise.resolve(true);
    if (this.state === 'stopped') return Promise.resolve(false);
    const reached = this.checkpoint.wait(position, timeoutMs);
    this.follow();
    return reached;
  }

  /** Until a live generation exists, so that reads find its views (bounded: the database may be failing). */
  private async untilLive(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.known.live && !this.stopping && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.settings.followPollMs));
      await this.tick();
    }
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(step);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  /**
   * A round of upkeep, or, while one is still under way (indexing a rebuilt or first generation can take long), a
   * renewal of the lease alone, so that it does not run out meanwhile.
   */
  private onTimer(): void {
    if (this.stopping) return;
    if (!this.ticking) void this.tick();
    else if (this.holding && !this.renewing) {
      const renewal = this.store.acquireLease(this.model.name, this.model.version, this.settings.instanceId, this.settings.clock(), this.settings.leaseMs).catch(() => undefined);
      this.renewing = renewal.finally(() => (this.renewing = undefined));
    }
  }

  /** One round of upkeep; rounds never overlap, and one asked for during another runs right after it. */
  private tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    this.ticking = this.round().finally(() => {
      this.ticking = undefined;
      if (this.again && !this.stopping) {
        this.again = false;
        void this.tick();
      }
    });
    return this.ticking;
  }

  private async round(): Promise<void> {
    try {
      await this.upkeep();
      this.tickError = null;
    } catch (error) {
      this.tickError = error instanceof Error ? error.message : String(error);
      if (!this.stopping) this.state = 'retrying';
      this.settings.onError(error, this.model.name);
    }
  }

  private async upkeep(): Promise<void> {
    const { name, version } = this.model;
    if (this.stopping) return;
    const generations = await this.store.generations(name);
    const live = generations.find((g) => g.state === 'live');
    this.known = { live, building: generations.find((g) => g.state === 'building') };
    if (live) this.checkpoint.advance(live.position);
    // A newer version building in the shadow does not supersede this one yet: the live generation still
    // needs applying until the newer one is swapped in.
    if (live && live.version > version) return this.supersede(live.version);
    this.holding = await this.store.acquireLease(name, version, this.settings.instanceId, this.settings.clock(), this.settings.leaseMs);
    if (this.stopping) return;
    if (this.holding) {
      // Read again under the lease: what the previous holder committed or swapped before handing it over counts.
      const current = await this.store.generations(name);
      // A stop that came meanwhile must not see its workers started again (or indexes built) by this round.
      if (this.stopping) return;
      await this.duties.keep(current);
      this.state = 'running';
    } else {
      await this.duties.stop();
      this.state = 'following';
      this.follow();
    }
  }

  private async supersede(newer: number): Promise<void> {
    await this.duties.stop();
    if (this.holding) await this.store.releaseLease(this.model.name, this.model.version, this.settings.instanceId);
    this.holding = false;
    this.state = 'superseded';
    this.superseded = this.supersededMessage(newer);
    this.follow();
  }

  /** Another round right after this one, or at once when none is running. */
  private soon(): void {
    if (this.ticking) this.again = true;
    else void this.tick();
  }

  /** While someone waits and no worker of this instance fills the live generation: poll its stored checkpoint. */
  private follow(): void {
    if (this.follower || !this.checkpoint.waiting || this.duties.live?.running || this.stopping) return;
    this.follower = setTimeout(async () => {
      try {
        const live = (await this.store.generations(this.model.name)).find((g) => g.state === 'live');
        if (live) this.checkpoint.advance(live.position);
      } catch {
        // The next round reports what is wrong with the database.
      }
      this.follower = undefined;
      this.follow();
    }, this.settings.followPollMs);
  }

  private supersededMessage(newer: number): string {
    return `${this.model.name} is kept by version ${newer} elsewhere; this instance runs version ${this.model.version}`;
  }
}
