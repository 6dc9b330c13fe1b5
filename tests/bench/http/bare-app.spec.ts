import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { configureApp } from '../../../apps/api/src/app.setup.js';
import { loadConfig } from '../../../apps/api/src/config/app-config.js';
import { BareModule } from './bare-app.js';

/** The HTTP benchmark's ceiling must keep starting with the API's own set-up, or `npm run bench` stops halfway. */
describe('the bare Nest application of the HTTP benchmark', () => {
  let app: NestExpressApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(BareModule.forRoot({ ...loadConfig({}), logLevel: 'warn' }), { logger: ['error'] });
    configureApp(app);
    await app.init();
  });
  afterAll(() => app.close());

  it('answers the goal routes the load sends, in the shapes of the API', async () => {
    const http = () => request(app.getHttpServer());
    expect((await http().post('/v1/goals').send({ id: 'g-1' }).expect(201)).body).toEqual({ id: 'g-1', revision: 0, position: 1 });
    expect((await http().post('/v1/goals/g-1/status').send({ status: 'in_progress' }).expect(200)).body).toEqual({ id: 'g-1', revision: 1, position: 2 });
    expect((await http().get('/v1/goals/g-1').expect(200)).body).toMatchObject({ id: 'g-1', status: 'in_progress', revision: 1 });
  });
});
