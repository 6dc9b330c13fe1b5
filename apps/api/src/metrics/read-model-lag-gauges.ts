import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ProjectionsService, type ProjectionStatus } from '../projections/projections.service.js';
import { Metrics } from './metrics.js';

/** The read-model lag gauges, measured at each scrape. */
@Injectable()
export class ReadModelLagGauges {
  constructor(metrics: Metrics, projections: ProjectionsService) {
    // A scrape while the store is down still answers on the metrics port (process metrics and all; on the
    // API port the scraper's key cannot be checked then); the lag is then absent.
    const lags = () => projections.status().catch((): ProjectionStatus[] => []);
    const gauge = (name: string, help: string, value: (lag: ProjectionStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['read_model'] as const,
        registers: [metrics.registry],
        async collect() {
          const current = await lags();
          this.reset();
          for (const lag of current) this.set({ read_model: lag.name }, value(lag));
        },
      });
    gauge('goal_ledger_read_model_lag_events', 'Events in the log that the read model has not applied yet', (lag) => lag.lag);
    gauge(
      'goal_ledger_read_model_lag_seconds',
      'Recording time between the last event the read model applied and the head of the log',
      (lag) => lag.lagSeconds,
    );
  }
}
