import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '#event-store';
import type { AppConfig } from '../config/app-config.js';
import { ProjectionsService } from '../projections/projections.service.js';
import { APP_CONFIG } from '../storage/storage.module.js';

/** A load balancer's probe gives up after a few seconds; answer before it does. */
const STORE_PROBE_TIMEOUT_MS = 2000;

/** What the status of a read model tells readiness (a subset of ProjectionsService.status()). */
interface ReadModelStatus {
  readonly name: string;
  readonly lag: number;
  readonly state: string;
  readonly indexed: boolean;
  readonly lastError: string | null;
}

/**
 * The two conditions of readiness: the store answers, and every read model is within the configured lag
 * and has its query indexes.
 * A reason names what is wrong without revealing more (no host names, no error texts); the log has those.
 */
@Injectable()
export class ReadinessIndicators {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: ProjectionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async store(): Promise<HealthIndicatorResult<'event-store'>> {
    const check = this.health.check('event-store');
    try {
      await withTimeout(this.events.headPosition(), STORE_PROBE_TIMEOUT_MS);
      return check.up();
    } catch (error) {
      this.logger.warn(`the event store does not answer: ${String(error)}`);
      return check.down({ reason: 'the event store does not answer' });
    }
  }

  async readModels(): Promise<HealthIndicatorResult<'read-models'>> {
    const check = this.health.check('read-models');
    let statuses: readonly ReadModelStatus[];
    try {
      statuses = await withTimeout(this.projections.status(), STORE_PROBE_TIMEOUT_MS);
    } catch {
      return check.down({ reason: 'the lag of the read models cannot be measured while the event store does not answer' });
    }
    const max = this.config.readyMaxLag;
    const behind = statuses.filter((status) => status.lag > max).map((s) => `${s.name} is ${s.lag} events behind the log (${s.state})`);
    // Caught up without its query indexes (a first generation filled in place), a read model would
    // answer lists by scanning its tables.
    const unindexed = statuses.filter((status) => status.lag <= max && !status.indexed).map((s) => `${s.name} has no query indexes yet`);
    if (behind.length === 0 && unindexed.length === 0) return check.up();
    const reasons = [...(behind.length > 0 ? [`${behind.join('; ')}; at most ${max} allowed`] : []), ...unindexed];
    return check.down({ reason: reasons.join('; ') });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
