import type { EventStore } from '#event-store';
import type { ReadModel } from '../read-model.js';
import type { Generation, ReadModelStore } from '../store/read-model-store.js';
import { Backoff } from './backoff.js';
import { GenerationWorker } from './generation-worker.js';
import type { RunnerSettings } from './runner-status.js';

export interface HolderListener {
  /** The live generation holds events up to `position`. */
  liveAdvanced(position: number): void;
  /** Something changed that the next round of upkeep should look at, the sooner the better. */
  soon(): void;
}

/**
 * What the instance holding a read model's lease does: keeps the live generation applied, builds a new
 * generation in the shadow when one is registered, swaps it in once it has caught up, and drops the
 * tables of retired generations.
 */
export class HolderDuties {
  live: GenerationWorker | undefined;
  building: GenerationWorker | undefined;
  /** Why the live generation's query indexes could not be created, until they are. */
  indexError: string | null = null;
  /** The live generation as last seen or swapped in; its worker's progress is the read model's. */
  private liveGeneration: number | undefined;
  /** Its checkpoint as last seen, for when another instance (an older version) applies it. */
  private livePosition = 0;
  /** Whether the live generation has its query indexes, as last seen. */
  private liveIndexed = true;
  private readonly prepared = new Set<number>();
  private readonly buildBackoff: Backoff;
  private nextBuildAttempt = 0;
  private readonly indexBackoff: Backoff;
  private nextIndexAttempt = 0;
  private stopping = false;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadModelStore,
    private readonly model: ReadModel,
    private readonly settings: RunnerSettings,
    private readonly listener: HolderListener,
  ) {
    this.buildBackoff = new Backoff(settings.retryMs, settings.maxRetryMs);
    this.indexBackoff = new Backoff(settings.retryMs, settings.maxRetryMs);
  }

  /** One round of upkeep, given the registry's generations of the read model. */
  async keep(generations: readonly Generation[]): Promise<void> {
    this.stopping = false;
    const live = generations.find((g) => g.state === 'live');
    const building = generations.find((g) => g.state === 'building');
    this.liveGeneration = live?.generation;
    this.livePosition = live?.position ?? 0;
    this.liveIndexed = live?.indexed ?? true;
    this.ensure('live', live?.version === this.model.version ? live : undefined);
    await this.index(live);
    await this.build(live, building);
    for (const retired of generations.filter((g) => g.state === 'retired')) await this.store.drop(this.model, retired.generation);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.indexError = null;
    await Promise.all([this.stopWorker('live'), this.stopWorker('building')]);
  }

  /** Starts, continues or swaps in the generation being built, or registers one when the live one is outdated. */
  private async build(live: Generation | undefined, building: Generation | undefined): Promise<void> {
    const { name, version } = this.model;
    if (building && building.version < version) {
      await this.store.retire(name, building.generation);
      return this.listener.soon();
    }
    // A newer version builds its own generation (a rolling deploy); this one keeps the live one applied.
    if (!building || building.version > version) {
      await this.stopWorker('building');
      if (!building && (!live || live.version < version)) {
        await this.store.createGeneration(name, version);
        this.listener.soon();
      }
      return;
    }
    if (Date.now() < this.nextBuildAttempt) return;
    try {
      if (building.position === 0 && !this.prepared.has(building.generation)) {
        // Refused when the registry moved on since it was read (a batch committed, a swap, the lease lost).
        if (!(await this.store.prepareTables(this.model, building.generation, this.settings.instanceId))) return this.listener.soon();
        this.prepared.add(building.generation);
      }
      // A read model without a live generation serves the empty one at once and fills it in place. Over a
      // long log it gets its query indexes once it has caught up (see `index`): kept up to date row by
      // row from the start, they halved the rate of the fill.
      if (!live) {
        const longLog = (await this.events.headPosition()) >= this.settings.analyzeAfter;
        if (!longLog && !(await this.store.createIndexes(this.model, building.generation, this.settings.instanceId))) return this.listener.soon();
        if (await this.store.swap(this.model, building.generation, undefined, this.settings.instanceId)) this.listener.soon();
        return;
      }
      this.ensure('building', building);
      await this.handOver(live);
      this.buildBackoff.succeeded();
    } catch (error) {
      this.nextBuildAttempt = Date.now() + this.buildBackoff.failed();
      await this.store.recordError(name, building.generation, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Creates the query indexes of a live generation that lacks them once its worker has caught up, and
   * gathers planner statistics for them; the worker goes on following appends meanwhile (its commits wait
   * for each index). A failure is reported (`indexError`, `onError`) and retried with backoff; the rest of
   * the round goes on.
   */
  private async index(live: Generation | undefined): Promise<void> {
    if (!live || live.indexed || live.version !== this.model.version || !this.live?.following || Date.now() < this.nextIndexAttempt) return;
    try {
      if (await this.store.createIndexes(this.model, live.generation, this.settings.instanceId, () => this.stopping)) {
        await this.store.analyze(this.model, live.generation);
        this.listener.soon();
      }
      this.indexBackoff.succeeded();
      this.indexError = null;
    } catch (error) {
      this.nextIndexAttempt = Date.now() + this.indexBackoff.failed();
      this.indexError = error instanceof Error ? error.message : String(error);
      this.settings.onError(error, this.model.name);
    }
  }

  /**
   * Once the shadow generation is within a batch of the live one: indexes it, stops the live worker, lets
   * the shadow reach the live checkpoint and swaps. Writes wait a moment longer meanwhile; reads go on.
   */
  private async handOver(live: Generation): Promise<void> {
    const shadow = this.building;
    const current = this.live;
    const target = () => current?.position ?? live.position;
    if (!shadow || shadow.position + this.settings.rebuildBatchSize < target()) return;
    if (!(await this.store.createIndexes(this.model, shadow.generation, this.settings.instanceId, () => this.stopping))) return this.listener.soon();
    await this.store.analyze(this.model, shadow.generation);
    await this.stopWorker('live');
    // Stopped, the live worker's checkpoint no longer moves: the shadow can reach it.
    if (!(await shadow.until(target(), this.settings.leaseMs))) return;
    if (!(await this.store.swap(this.model, shadow.generation, live.generation, this.settings.instanceId))) return;
    this.live = shadow;
    this.building = undefined;
    this.liveGeneration = shadow.generation;
    this.listener.liveAdvanced(shadow.position);
    this.listener.soon();
  }

  private ensure(role: 'live' | 'building', generation: Generation | undefined): void {
    const worker = this[role];
    if (worker?.running && worker.generation === generation?.generation) return;
    void this.stopWorker(role);
    if (generation && !this.stopping) this[role] = this.startWorker(generation);
  }

  private startWorker(generation: Generation): GenerationWorker {
    const settings = {
      ...this.settings,
      batchSize: generation.state === 'building' ? this.settings.rebuildBatchSize : this.settings.batchSize,
      events: this.events,
      store: this.store,
      model: this.model,
      holder: this.settings.instanceId,
      onError: (error: unknown) => this.settings.onError(error, this.model.name),
    };
    const worker = new GenerationWorker(settings, generation.generation, generation.position, {
      advanced: (advanced) => this.advanced(advanced),
      caughtUp: (caughtUp, from) => this.caughtUp(caughtUp, from),
      refused: () => this.listener.soon(),
    });
    worker.start();
    return worker;
  }

  private advanced(worker: GenerationWorker): void {
    if (worker.generation === this.liveGeneration) this.listener.liveAdvanced(worker.position);
    if (worker === this.building && worker.position + this.settings.rebuildBatchSize >= (this.live?.position ?? this.livePosition)) this.listener.soon();
  }

  /**
   * A live generation without its query indexes gets them now (`index`, with statistics); one that has
   * just applied a long stretch of the log (after a long downtime) gets fresh planner statistics, as a
   * shadow generation does before its swap.
   */
  private caughtUp(worker: GenerationWorker, from: number): void {
    if (worker !== this.live) return;
    if (!this.liveIndexed) return this.listener.soon();
    if (worker.position - from < this.settings.analyzeAfter) return;
    this.store.analyze(this.model, worker.generation).catch((error: unknown) => this.settings.onError(error, this.model.name));
  }

  private async stopWorker(role: 'live' | 'building'): Promise<void> {
    const worker = this[role];
    this[role] = undefined;
    await worker?.stop();
  }
}
