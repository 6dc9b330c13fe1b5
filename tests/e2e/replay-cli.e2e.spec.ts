import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApp, temporaryDataDir } from '../support/app.js';
import { goalBody, type GoalPageBody } from '../support/e2e-http.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

const cli = fileURLToPath(new URL('../../dist/apps/api/src/cli/replay.js', import.meta.url));

/** Runs the built tool as `npm run replay` does, with the store configured through the environment. */
function replay(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { env: { ...process.env, ...env } }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

interface ProjectionStatusBody {
  name: string;
  generation: number;
  checkpoint: number;
}

const statuses = async (app: INestApplication) => (await request(app.getHttpServer()).get('/v1/admin/projections').expect(200)).body as ProjectionStatusBody[];
const goals = async (app: INestApplication) => ((await request(app.getHttpServer()).get('/v1/goals?limit=200').expect(200)).body as GoalPageBody).items;

async function someGoals(app: INestApplication): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    const body = goalBody();
    await request(app.getHttpServer()).post('/v1/goals').send(body).expect(201);
    await request(app.getHttpServer()).post(`/v1/goals/${body.id}/status`).send({ status: 'in_progress', reason: 'Auftakt', occurredAt: '2013-02-01' }).expect(200);
  }
}

describe('npm run replay (rebuilding read models from the log)', () => {
  describe('on the embedded store, with no API running', () => {
    const data = temporaryDataDir();
    const env = { GOAL_LEDGER_STORE: 'sqlite', GOAL_LEDGER_DATA_DIR: data.path };
    let before: { goals: Awaited<ReturnType<typeof goals>>; statuses: ProjectionStatusBody[] };
    beforeAll(async () => {
      const app = await startApp({ dataDir: data.path });
      await someGoals(app);
      before = { goals: await goals(app), statuses: await statuses(app) };
      await app.close();
    });
    afterAll(() => data.remove());

    it('rebuilds the named read models as new generations, reports the rate, and the API serves the same answers', async () => {
      const result = await replay(env, 'goals', 'audit');
      expect(result.code).toBe(0);
      const head = before.statuses[0].checkpoint;
      const generation = (name: string) => (before.statuses.find((s) => s.name === name)?.generation ?? 0) + 1;
      expect(result.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^rebuilt goals as generation ${generation('goals')}: up to position ${head} in \\d+\\.\\d s \\(\\d+ positions/s\\)$`)),
        expect.stringMatching(new RegExp(`^rebuilt audit as generation ${generation('audit')}: up to position ${head} in `)),
      ]);
      const app = await startApp({ dataDir: data.path }, { registry: false });
      try {
        const rebuilt = (await statuses(app)).filter((s) => ['goals', 'audit'].includes(s.name));
        expect(rebuilt.map((s) => [s.name, s.generation])).toEqual([['goals', generation('goals')], ['audit', generation('audit')]]);
        expect(await goals(app)).toEqual(before.goals);
      } finally {
        await app.close();
      }
    });

    it('exits 1 with the usage for an unknown read model or no argument, touching nothing', async () => {
      for (const args of [['nonsense'], []]) {
        const result = await replay(env, ...args);
        expect(result).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('usage: npm run replay -- <read model>… | --all') });
      }
    });
  });

  describePostgres('on PostgreSQL while an API instance serves', () => {
    const schema = uniqueSchema('gl_replay');
    const data = temporaryDataDir();
    let app: INestApplication;
    beforeAll(async () => {
      app = await startApp({ store: 'postgres', databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path });
      await someGoals(app);
    });
    afterAll(async () => {
      await app.close();
      await dropSchemas([schema]);
      data.remove();
    });

    it('asks for the rebuild, the instance holding the lease builds it, and --all waits for every read model (not the process managers)', async () => {
      const readModels = (list: ProjectionStatusBody[]) => list.filter((s) => !s.name.startsWith('review-'));
      const before = readModels(await statuses(app));
      const served = await goals(app);
      const result = await replay({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: testDatabaseUrl, GOAL_LEDGER_PG_SCHEMA: schema }, '--all');
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split('\n').map((line) => line.split(' ')[1])).toEqual(before.map((s) => s.name));
      const after = readModels(await statuses(app));
      expect(after.map((s) => [s.name, s.generation])).toEqual(before.map((s) => [s.name, s.generation + 1]));
      expect(await goals(app)).toEqual(served);
    });
  });
});
