import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsServer } from './metrics-server.js';
import { Metrics } from './metrics.js';
import { ReadModelLagGauges } from './read-model-lag-gauges.js';

/** Prometheus metrics; global, because the storage module wraps the event store with them. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const ownPort = config.metricsPort !== undefined;
    return {
      module: MetricsModule,
      imports: [ProjectionsModule],
      controllers: ownPort ? [] : [MetricsController],
      providers: [{ provide: Metrics, useFactory: () => new Metrics() }, ReadModelLagGauges, ...(ownPort ? [MetricsServer] : [])],
      exports: [Metrics],
    };
  }
}
