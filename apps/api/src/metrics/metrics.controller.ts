import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Metrics } from './metrics.js';
import { Allow } from '../access/access.decorator.js';

/** `/metrics` on the API port, unless GOAL_LEDGER_METRICS_PORT moves it to a port of its own. */
@ApiExcludeController()
@Allow('admin')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
