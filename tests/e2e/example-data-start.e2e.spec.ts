import { afterAll, describe, expect, it } from '@jest/globals';
import { temporaryDataDir } from '../support/app.js';
import { ApiProcess } from '../support/ops-process.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

const running: ApiProcess[] = [];
const dirs = [temporaryDataDir(), temporaryDataDir()];

afterAll(async () => {
  await Promise.all(running.map((api) => api.stop()));
  for (const dir of dirs) dir.remove();
});

async function serve(dataDir: string, env: Record<string, string> = {}): Promise<{ api: ApiProcess; url: string }> {
  const api = ApiProcess.start({ GOAL_LEDGER_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', ...env });
  running.push(api);
  const url = /serving on (http:\/\/[\d.]+:\d+)/.exec(await api.line((line) => line.includes('serving on')))?.[1];
  if (!url) throw new Error(`the API did not say where it serves: ${api.stdout.join('\n')}`);
  return { api, url };
}

const stopped = async (api: ApiProcess) => {
  api.signal('SIGTERM');
  expect((await api.exited).code).toBe(0);
};

describe('GOAL_LEDGER_SEED_EXAMPLE=true', () => {
  it('loads the example data set into an empty store once the API serves, and writes nothing on the next start', async () => {
    const first = await serve(dirs[0].path, { GOAL_LEDGER_SEED_EXAMPLE: 'true' });
    expect(await first.api.line((line) => line.includes('example data set loaded'))).toMatch(/\d+ writes recorded, 0 were there already/);
    const goals = (await (await fetch(`${first.url}/v1/goals?municipalityId=kreis-warendorf&asOf=2015-09-30`, { headers: TEST_ADMIN_HEADERS })).json()) as { items: unknown[] };
    expect(goals.items).toHaveLength(10);
    await stopped(first.api);

    const second = await serve(dirs[0].path, { GOAL_LEDGER_SEED_EXAMPLE: 'true' });
    expect(await second.api.line((line) => line.includes('example data set loaded'))).toMatch(/ 0 writes recorded, \d+ were there already/);
    await stopped(second.api);
  }, 120_000);

  it('leaves a store that holds other data alone, and says so', async () => {
    const plain = await serve(dirs[1].path);
    const registered = await fetch(`${plain.url}/v1/programmes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_ADMIN_HEADERS },
      body: JSON.stringify({ id: 'other', name: 'Ein anderes Programm', occurredAt: '2020-01-01' }),
    });
    expect(registered.status).toBe(201);
    await stopped(plain.api);

    const flagged = await serve(dirs[1].path, { GOAL_LEDGER_SEED_EXAMPLE: 'true' });
    expect(await flagged.api.line((line) => line.includes('GOAL_LEDGER_SEED_EXAMPLE'))).toContain('the store holds other data');
    const programmes = (await (await fetch(`${flagged.url}/v1/events?type=ProgrammeRegistered`, { headers: TEST_ADMIN_HEADERS })).json()) as { items: unknown[] };
    expect(programmes.items).toHaveLength(1);
    await stopped(flagged.api);
  }, 60_000);
});
