import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#event-store';
import { ALL_READ_MODELS, ProjectionSuperseded, READ_MODELS, ReadModelRunner, type EventKind, type ReadModel, type ReadModelStore, type RunnerStatus } from '#projections';
import type { AppConfig } from '../config/app-config.js';
import { ProblemException } from '../problems/problem.exception.js';
import { APP_CONFIG } from '../storage/storage.module.js';
import { readModelLags } from './read-model-lag.js';

export interface ProjectionStatus extends RunnerStatus {
  /** Positions in the log the live generation has not applied yet. */
  readonly lag: number;
  /** Recording time between the last event applied and the head of the log (0 when caught up). */
  readonly lagSeconds: number;
}

/**
 * Owns this instance's read-model runners: one per read model, of which the instance holding a read
 * model's lease applies it and the others follow. Writes and reads wait here for the read models they need.
 * Process managers (which react to events by sending commands) run on the same runners, leases and
 * checkpoints, but writes never wait for them: a manager's own commands would wait for the manager.
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners: ReadModelRunner[];
  private readonly processes: ReadModelRunner[] = [];
  private readonly instanceId = `${hostname()}-${process.pid}-${randomUUID()}`;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODELS) private readonly store: ReadModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runners = ALL_READ_MODELS.map((model) => this.runnerOf(model));
  }

  /** Runs a process manager from the start of the application on; call it before the application starts. */
  runProcess(model: ReadModel): void {
    this.processes.push(this.runnerOf(model));
  }

  private runnerOf(model: ReadModel): ReadModelRunner {
    return new ReadModelRunner(this.events, this.store, model, {
      instanceId: this.instanceId,
      onError: (error, name) => this.logger.error(`${name} failed; retrying: ${String(error)}`),
    });
  }

  private get everyRunner(): ReadModelRunner[] {
    return [...this.runners, ...this.processes];
  }

  /** Catch-up runs in the background: the API serves at once, reads may lag until it is done. */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.everyRunner.map((runner) => runner.start()));
    const head = await this.events.headPosition();
    const behind = this.everyRunner.map((r) => r.status()).filter((s) => s.checkpoint < head).map((s) => `${s.name} at ${s.checkpoint}`);
    this.logger.log(behind.length > 0 ? `catching up to position ${head}: ${behind.join(', ')}` : `up to date at position ${head}`);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.everyRunner.map((runner) => runner.stop()));
  }

  /** The read models a write of these events changes: the only ones it needs to wait for. */
  readModelsAffectedBy(events: readonly EventKind[]): string[] {
    return this.runners.filter((runner) => events.some((event) => runner.model.handles(event))).map((runner) => runner.model.name);
  }

  /**
   * Read-your-writes: resolves true once the named read models (default: those writes wait for) hold the
   * event at `position`, false after the configured wait.
   */
  async waitFor(position: number, readModels: readonly string[] = this.awaitedByWrites()): Promise<boolean> {
    const waiting = this.runners.filter((runner) => readModels.includes(runner.model.name));
    const reached = await Promise.all(waiting.map((runner) => runner.waitFor(position, this.config.projectionWaitMs)));
    const allReached = reached.every(Boolean);
    if (!allReached) this.logger.warn(`read models did not reach position ${position} within ${this.config.projectionWaitMs} ms`);
    return allReached;
  }

  /**
   * A position up to which `readModel` holds every event recorded by `instant`: 0 when the first event
   * after its checkpoint was recorded later (nothing to wait for), else the log's head.
   */
  async positionRecordedBy(readModel: string, instant: string): Promise<number> {
    const runner = this.everyRunner.find((r) => r.model.name === readModel);
    if (!runner) return 0;
    const [next] = await this.events.readAll({ after: runner.status().checkpoint, limit: 1 });
    return next === undefined || next.metadata.recordedAt > instant ? 0 : this.events.headPosition();
  }

  private awaitedByWrites(): string[] {
    return this.runners.filter((runner) => runner.model.awaitedByWrites !== false).map((runner) => runner.model.name);
  }

  async status(): Promise<ProjectionStatus[]> {
    return this.withLags(await Promise.all(this.everyRunner.map((runner) => runner.currentStatus())));
  }

  private async withLags(statuses: readonly RunnerStatus[]): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    const counted = statuses.map((status) => ({ ...status, lag: Math.max(0, head - status.checkpoint) }));
    const lags = await readModelLags(this.events, counted);
    return counted.map((status, i) => ({ ...status, lagSeconds: lags[i].seconds }));
  }

  /** Starts building a new generation in the shadow, unless one is already being built; answers at once. */
  async rebuild(name: string): Promise<ProjectionStatus> {
    if (this.processes.some((r) => r.model.name === name)) {
      // Settled proposals would be settled again against today's goals: one declined then could now apply.
      throw new ProblemException('process-manager-not-rebuilt', `${name} is a process manager: its commands are sent once, so it is not rebuilt`);
    }
    const runner = this.runners.find((r) => r.model.name === name);
    if (!runner) throw new NotFoundException(`No projection named ${name}`);
    try {
      const started = await runner.rebuild();
      this.logger.log(started ? `rebuilding ${name} in the shadow from position 0` : `a rebuild of ${name} is already under way`);
    } catch (error) {
      if (error instanceof ProjectionSuperseded) throw error;
      // Whatever keeps the request from being recorded is a problem of the database, not of the caller.
      this.logger.error(`could not record a rebuild of ${name}: ${String(error)}`);
      throw new ProblemException('service-unavailable', `The rebuild of ${name} could not be recorded; retry shortly`);
    }
    const [status] = await this.withLags([runner.status()]);
    return status;
  }
}
