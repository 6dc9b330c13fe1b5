import { Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#event-store';
import { ALL_PROJECTIONS, PROJECTION_STORE, ProjectionRunner, type ProjectionStore, type RunnerStatus } from '#projections';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../storage/storage.module.js';

export interface ProjectionStatus extends RunnerStatus {
  /** Events in the log the projection has not applied yet. */
  readonly lag: number;
}

/** Runs every read model in this process and lets writes wait until their events are visible. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners: ProjectionRunner[];

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) projections: ProjectionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runners = ALL_PROJECTIONS.map(
      (projection) =>
        new ProjectionRunner(events, projections, projection, {
          onError: (error, name) => this.logger.error(`${name} failed; retrying: ${String(error)}`),
        }),
    );
  }

  /** Catch-up runs in the background: the API serves at once, reads may lag until it is done. */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
    const head = await this.events.headPosition();
    const behind = this.runners.filter((runner) => runner.checkpoint < head).map((r) => `${r.projection.name} at ${r.checkpoint}`);
    this.logger.log(behind.length > 0 ? `catching up to position ${head}: ${behind.join(', ')}` : `up to date at position ${head}`);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** Read-your-writes: resolves when every read model shows the event at `position`, or after the configured wait. */
  async waitFor(position: number): Promise<boolean> {
    const reached = await Promise.all(this.runners.map((runner) => runner.waitFor(position, this.config.projectionWaitMs)));
    const allReached = reached.every(Boolean);
    if (!allReached) this.logger.warn(`read models did not reach position ${position} within ${this.config.projectionWaitMs} ms`);
    return allReached;
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return this.runners.map((runner) => statusOf(runner, head));
  }

  async rebuild(name: string): Promise<ProjectionStatus> {
    const runner = this.runners.find((r) => r.projection.name === name);
    if (!runner) throw new NotFoundException(`No projection named ${name}`);
    this.logger.log(`rebuilding ${name} from position 0`);
    await runner.rebuild();
    return statusOf(runner, await this.events.headPosition());
  }
}

function statusOf(runner: ProjectionRunner, head: number): ProjectionStatus {
  return { ...runner.status(), lag: Math.max(0, head - runner.checkpoint) };
}
