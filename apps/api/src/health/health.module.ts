import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsModule } from '../projections/projections.module.js';
import { HealthController } from './health.controller.js';
import { ReadinessIndicators } from './readiness.indicators.js';

@Module({
  // The controller logs changes of readiness itself; Terminus would log every failed probe.
  imports: [TerminusModule.forRoot({ logger: false }), ProjectionsModule],
  controllers: [HealthController],
  providers: [ReadinessIndicators],
})
export class HealthModule {}
