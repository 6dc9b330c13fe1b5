import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { exampleSteps } from '../../apps/api/src/example/example-requests.js';
import { startApp, temporaryDataDir } from '../support/app.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { TEST_ADMIN_KEY } from '../support/test-admin.js';

const cli = fileURLToPath(new URL('../../dist/apps/api/src/cli/seed-example.js', import.meta.url));

/** Runs the built tool as `npm run seed:example` does, with the store configured through the environment. */
function seed(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli], { env: { ...process.env, GOAL_LEDGER_ADMIN_API_KEY: TEST_ADMIN_KEY, ...env } }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

/** Every write of the data set; the second run finds each of them recorded. */
const WRITES = exampleSteps().filter((step) => step.kind === 'write').length;

const loaded = (output: string) => /(\d+) writes recorded, (\d+) were there already/.exec(output)?.slice(1).map(Number);

/** Seeds twice: the first run writes the data set, the second finds all of it there and writes nothing. */
async function seedsOnce(env: Record<string, string>, store: string): Promise<void> {
  const first = await seed(env);
  expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
  expect(first.stdout).toContain(`loaded into the ${store} store`);
  expect(loaded(first.stdout)).toEqual([WRITES, 0]);
  const again = await seed(env);
  expect(again.code).toBe(0);
  expect(loaded(again.stdout)).toEqual([0, WRITES]);
}

describe('npm run seed:example', () => {
  it('loads the example data set into the embedded store once, and finds it there when run again', async () => {
    const data = temporaryDataDir();
    try {
      await seedsOnce({ GOAL_LEDGER_STORE: 'sqlite', GOAL_LEDGER_DATA_DIR: data.path }, 'sqlite');
      const app = await startApp({ dataDir: data.path }, { registry: false });
      try {
        const municipality = await request(app.getHttpServer()).get('/v1/municipalities/kreis-warendorf').expect(200);
        expect(municipality.body).toMatchObject({ id: 'kreis-warendorf', name: 'Kreis Warendorf' });
      } finally {
        await app.close();
      }
    } finally {
      data.remove();
    }
  }, 180_000);
});

describePostgres('npm run seed:example on PostgreSQL', () => {
  const schema = uniqueSchema('gl_seed');
  const data = temporaryDataDir();
  afterAll(async () => {
    await dropSchemas([schema]);
    data.remove();
  });

  it('loads the example data set once, and finds it there when run again', async () => {
    await seedsOnce({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: testDatabaseUrl, GOAL_LEDGER_PG_SCHEMA: schema, GOAL_LEDGER_DATA_DIR: data.path }, 'postgres');
  }, 180_000);
});
