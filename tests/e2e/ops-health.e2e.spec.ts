import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { temporaryDataDir } from '../support/app.js';
import { goalBody, type WriteBody } from '../support/e2e-http.js';
import { DeliveryGate, sample, startOpsApp } from '../support/ops-app.js';

interface HealthBody {
  status: string;
  error?: Record<string, { status: string; reason?: string }>;
}

const data = temporaryDataDir();
const gate = new DeliveryGate();
let failHeadPosition = false;
let app: INestApplication;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  app = await startOpsApp({
    // Write answers need not wait for the read models here: the point is to see them lag.
    config: { dataDir: data.path, readyMaxLag: 0, projectionWaitMs: 0 },
    wrapStore: (store) => {
      const gated = gate.wrap(store);
      return {
        ...gated,
        headPosition: () => (failHeadPosition ? Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432')) : gated.headPosition()),
      };
    },
  });
});

afterAll(async () => {
  gate.open();
  await app.close();
  data.remove();
});

describe('health endpoints', () => {
  it('answers liveness without credentials and without details', async () => {
    const response = await http().get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('is ready when the store answers and every read model is caught up', async () => {
    const response = await http().get('/health/ready').expect(200);
    expect((response.body as HealthBody).status).toBe('ok');
  });

  it('turns unready while a read model lags, names it, and turns ready once it caught up', async () => {
    gate.close();
    const written = (await http().post('/v1/goals').send(goalBody()).expect(201)).body as WriteBody;

    const unready = await http().get('/health/ready').expect(503);
    const reason = (unready.body as HealthBody).error?.['read-models']?.reason ?? '';
    expect(reason).toMatch(/goals is 1 events behind the log/);
    expect(reason).toMatch(/at most 0 allowed/);
    const metrics = (await http().get('/metrics').expect(200)).text;
    expect(sample(metrics, 'goal_ledger_read_model_lag_events', { read_model: 'goals' })).toBe(1);

    gate.open();
    await gate.appliedEverywhere(written.position);
    await http().get('/health/ready').expect(200);
    const after = (await http().get('/metrics').expect(200)).text;
    expect(sample(after, 'goal_ledger_read_model_lag_events', { read_model: 'goals' })).toBe(0);
  });

  it('turns unready when the store does not answer, without revealing why beyond that', async () => {
    failHeadPosition = true;
    try {
      const response = await http().get('/health/ready').expect(503);
      const body = response.body as HealthBody;
      expect(body.error?.['event-store']).toEqual({ status: 'down', reason: 'the event store does not answer' });
      expect(JSON.stringify(body)).not.toContain('10.1.2.3');
    } finally {
      failHeadPosition = false;
    }
    await http().get('/health/ready').expect(200);
  });

  it('keeps the health endpoints out of the API documentation', async () => {
    const paths = Object.keys(((await http().get('/docs-json').expect(200)).body as { paths: object }).paths);
    expect(paths.filter((path) => path.startsWith('/health') || path.startsWith('/metrics'))).toEqual([]);
  });
});
