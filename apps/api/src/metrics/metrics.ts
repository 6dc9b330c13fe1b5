import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the API exports, on a registry of its own (one per application, so that several apps in
 * one process, as in the tests, do not share counters). The read-model lag gauges are added by
 * ReadModelLagGauges; docs/operations.md lists them all for alerting.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'goal_ledger_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'goal_ledger_append_duration_seconds',
    help: 'EventStore.append calls by store, including those that failed',
    labelNames: ['store'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly appendConflicts = new Counter({
    name: 'goal_ledger_append_conflicts_total',
    help: 'Appends refused because the stream was not at the expected revision (someone wrote first)',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'goal_ledger_events_appended_total',
    help: 'Events appended to the log by this instance, by event type (retried duplicates not counted)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly subscriptionReconnects = new Counter({
    name: 'goal_ledger_subscription_reconnects_total',
    help: 'Catch-up subscriptions that ended with an error; the read-model runner subscribes again after each',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
