import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { MetricsServer } from '../../apps/api/src/metrics/metrics-server.js';
import { appPerSuite, startApp, temporaryDataDir } from '../support/app.js';
import { goalBody } from '../support/e2e-http.js';
import { sample } from '../support/ops-app.js';

describe('/metrics on the API port', () => {
  const { http } = appPerSuite();
  const scrape = async () => (await http().get('/metrics').expect(200).expect('Content-Type', /^text\/plain/)).text;

  it('moves after a write: events by type, append latency by store, request duration by route and status', async () => {
    const before = await scrape();
    const goal = goalBody();
    await http().post('/v1/goals').send(goal).expect(201);
    await http().post(`/v1/goals/${goal.id}/status`).send({ status: 'in_progress', reason: 'Quartalsgespräch', occurredAt: '2013-03-28' }).expect(200);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('goal_ledger_events_appended_total', { type: 'GoalFormulated' })).toBe(1);
    expect(moved('goal_ledger_events_appended_total', { type: 'GoalStatusChanged' })).toBe(1);
    expect(moved('goal_ledger_append_duration_seconds_count', { store: 'sqlite' })).toBe(2);
    expect(moved('goal_ledger_http_request_duration_seconds_count', { method: 'POST', route: '/v1/goals', status: '201' })).toBe(1);
    expect(moved('goal_ledger_http_request_duration_seconds_count', { method: 'POST', route: '/v1/goals/:id/status', status: '200' })).toBe(1);
  });

  it('labels a request by its route pattern, not by its path', async () => {
    await http().get('/v1/goals/no-such-goal').expect(404);
    await http().get('/no/such/route').expect(404);
    const text = await scrape();
    expect(sample(text, 'goal_ledger_http_request_duration_seconds_count', { route: '/v1/goals/:id', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'goal_ledger_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-goal');
  });

  it('shows the lag of every read model and the process metrics', async () => {
    const text = await scrape();
    expect(text).toMatch(/^goal_ledger_read_model_lag_events\{read_model="goals"\} \d+$/m);
    expect(text).toMatch(/^goal_ledger_read_model_lag_seconds\{read_model="goals"\} [\d.]+$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});

describe('/metrics on a port of its own', () => {
  const data = temporaryDataDir();
  let app: INestApplication;

  beforeAll(async () => {
    app = await startApp({ dataDir: data.path, metricsPort: 0 });
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('serves the metrics there and not on the API port', async () => {
    await request(app.getHttpServer()).get('/metrics').expect(404);
    const port = app.get(MetricsServer).port;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('goal_ledger_events_appended_total');
    expect((await fetch(`http://127.0.0.1:${port}/v1/goals`)).status).toBe(404);
  });
});
