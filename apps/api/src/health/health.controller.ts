import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../access/access.decorator.js';
import { ReadinessIndicators } from './readiness.indicators.js';

/**
 * Probes for load balancers and orchestrators: open without credentials, and they reveal nothing but
 * whether the instance is up and, when it is not ready, why. Kept out of the versioned API and its docs.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');
  private ready: boolean | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  /** The process answers: restart it when this fails. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Route traffic here: the store answers and the read models are caught up within the configured lag. */
  @Get('ready')
  @HealthCheck()
  async readiness(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([() => this.indicators.store(), () => this.indicators.readModels()]);
      this.changed(true, result);
      return result;
    } catch (error) {
      // Terminus reports "not ready" as a 503 exception; answer its body as is rather than as a problem.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      this.changed(false, result);
      response.status(503);
      return result;
    }
  }

  /** Logs when readiness flips, not at every probe. */
  private changed(ready: boolean, result: HealthCheckResult): void {
    if (this.ready === ready) return;
    this.ready = ready;
    if (ready) this.logger.log('ready');
    else this.logger.warn(`not ready: ${JSON.stringify(result.error ?? result.status)}`);
  }
}
