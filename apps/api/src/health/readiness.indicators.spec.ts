import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '#event-store';
import type { AppConfig } from '../config/app-config.js';
import type { ProjectionsService } from '../projections/projections.service.js';
import { ReadinessIndicators } from './readiness.indicators.js';

type Status = { name: string; lag: number; state: string; indexed: boolean; lastError: string | null };

function readinessOf(statuses: Status[]): ReadinessIndicators {
  const projections = { status: async () => statuses } as unknown as ProjectionsService;
  return new ReadinessIndicators(new HealthIndicatorService(), {} as EventStore, projections, { readyMaxLag: 100 } as AppConfig);
}

const caughtUp = (name: string, indexed = true): Status => ({ name, lag: 0, state: 'running', indexed, lastError: null });

describe('readiness of the read models', () => {
  it('is up when every read model is within the lag and has its query indexes', async () => {
    expect(await readinessOf([caughtUp('goals'), { ...caughtUp('audit'), lag: 100 }]).readModels()).toEqual({ 'read-models': { status: 'up' } });
  });

  it('is down while a caught-up read model has no query indexes yet, and names it', async () => {
    expect(await readinessOf([caughtUp('goals', false), caughtUp('audit')]).readModels()).toEqual({
      'read-models': { status: 'down', reason: 'goals has no query indexes yet' },
    });
  });

  it('names both kinds of reasons at once', async () => {
    // A read model that lags is named for its lag alone: it gets its indexes once it has caught up.
    const result = await readinessOf([caughtUp('goals', false), { ...caughtUp('audit', false), lag: 101 }]).readModels();
    expect(result).toEqual({
      'read-models': { status: 'down', reason: 'audit is 101 events behind the log (running); at most 100 allowed; goals has no query indexes yet' },
    });
  });
});
