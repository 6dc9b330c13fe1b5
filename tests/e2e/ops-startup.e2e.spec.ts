import { rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ApiProcess } from '../support/ops-process.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';
import { temporaryDataDir } from '../support/app.js';

const data = temporaryDataDir();
const running: ApiProcess[] = [];
const start = (env: Record<string, string>) => {
  const api = ApiProcess.start({ GOAL_LEDGER_DATA_DIR: data.path, ...env });
  running.push(api);
  return api;
};

afterAll(async () => {
  await Promise.all(running.map((api) => api.stop()));
  data.remove();
});

describe('start-up', () => {
  it('refuses a bad value with one line that names the variable and what it accepts', async () => {
    const api = start({ PORT: 'abc' });
    expect(await api.exited).toEqual({ code: 1, signal: null });
    expect(api.stderr).toEqual(['goal-ledger cannot start: PORT="abc" is not valid: expected an integer from 0 to 65535']);
    expect(api.stdout).toEqual([]);
  });

  it('gives up on an unreachable database with one line and a non-zero exit, without the password', async () => {
    const api = start({ GOAL_LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://ledger:s3cret@127.0.0.1:1/ledger' });
    expect(await api.exited).toEqual({ code: 1, signal: null });
    expect(api.stderr).toEqual(['goal-ledger cannot start: cannot reach PostgreSQL at 127.0.0.1:1/ledger: connect ECONNREFUSED 127.0.0.1:1']);
    expect(api.stdout).toEqual([]);
  });
});

describe('the signing key at start-up', () => {
  const keyData = temporaryDataDir();
  afterAll(() => keyData.remove());
  const integrityLine = async (): Promise<Record<string, unknown>> => {
    const { api } = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: keyData.path });
    running.push(api);
    await api.line((line) => line.includes('"context":"Integrity"'));
    api.signal('SIGTERM');
    await api.exited;
    return api.logLines().find((line) => line.context === 'Integrity') as Record<string, unknown>;
  };

  it('logs the key it generates or reads, and warns when it generates one for a log that already holds events', async () => {
    const file = join(keyData.path, 'signing-key.pem');
    const first = await integrityLine();
    expect(first).toMatchObject({ level: 30, msg: expect.stringMatching(new RegExp(`^generated a signing key in ${file} \\(fingerprint [0-9a-f]{64}\\)$`)) });
    expect(await integrityLine()).toMatchObject({ level: 30, msg: expect.stringMatching(/^signing tree heads with .* \(fingerprint [0-9a-f]{64}\)$/) });
    rmSync(file);
    const lost = await integrityLine();
    expect(lost).toMatchObject({ level: 40, msg: expect.stringContaining(`generated a new signing key in ${file}`) });
    expect(lost.msg).toContain('for a log that already holds events');
  });
});

describePostgres('start-up with GOAL_LEDGER_STORE_WAIT_MS', () => {
  const schema = uniqueSchema('gl_ops_start');
  let proxy: Server | undefined;
  afterAll(async () => {
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await dropSchemas([schema]);
  });

  it('waits for the database to become reachable and then serves', async () => {
    const port = await freePort();
    const target = new URL(testDatabaseUrl);
    const url = new URL(testDatabaseUrl);
    url.port = String(port);
    const api = start({
      GOAL_LEDGER_STORE: 'postgres',
      DATABASE_URL: url.toString(),
      GOAL_LEDGER_PG_SCHEMA: schema,
      GOAL_LEDGER_STORE_WAIT_MS: '60000',
      HOST: '127.0.0.1',
      PORT: '0',
    });
    await api.line((line) => line.includes('retrying in'));

    // The database "comes up": a proxy to the real one starts listening on the port the API tries.
    proxy = createServer((client) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      client.pipe(server).pipe(client);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy?.listen(port, '127.0.0.1', resolve));

    const serving = await api.line((line) => line.includes('serving on'));
    const base = /serving on (http:\/\/[\d.]+:\d+)/.exec(serving)?.[1];
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    api.signal('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
