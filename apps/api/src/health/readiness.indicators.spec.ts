import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '#event-store';
import type { AppConfig } from '../config/app-config.js';
import type { ProjectionsService } from '../projections/projections.service.js';
import { ReadinessIndicators } from './readiness.indicators.js';

type Status = { name: string; lag: number; state: string; lastError: string | null };

function readinessOf(statuses: Status[]): ReadinessIndicators {
  const projections = { status: async () => statuses } as unknown as ProjectionsService;
  return new ReadinessIndicators(new HealthIndicatorService(), {} as EventStore, projections, { readyMaxLag: 100 } as AppConfig);
}

const caughtUp = (name: string, state = 'running'): Status => ({ name, lag: 0, state, lastError: null });

describe('readiness of the read models', () => {
  it('is up when every read model is within the lag and none is creating its query indexes', async () => {
    expect(await readinessOf([caughtUp('goals'), { ...caughtUp('audit'), lag: 100 }]).readModels()).toEqual({ 'read-models': { status: 'up' } });
  });

  it('is down while a caught-up read model still creates its query indexes, and names it', async () => {
    expect(await readinessOf([caughtUp('goals', 'indexing'), caughtUp('audit')]).readModels()).toEqual({
      'read-models': { status: 'down', reason: 'goals is creating its query indexes' },
    });
  });

  it('names both kinds of reasons at once', async () => {
    const result = await readinessOf([caughtUp('goals', 'indexing'), { ...caughtUp('audit'), lag: 101 }]).readModels();
    expect(result).toEqual({
      'read-models': { status: 'down', reason: 'goals is creating its query indexes; audit is 101 events behind the log (running); at most 100 allowed' },
    });
  });
});
