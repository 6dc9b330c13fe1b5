import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SqliteEventStore, type RecordedEvent } from '#event-store';
import { temporaryDataDir } from '../support/app.js';
import { goalBody, type GoalBody } from '../support/e2e-http.js';
import { eventually } from '../support/events.js';
import { ApiProcess } from '../support/ops-process.js';
import { TEST_ADMIN_HEADERS } from '../support/test-admin.js';

const run = promisify(execFile);
const cli = (name: string) => fileURLToPath(new URL(`../../dist/apps/api/src/cli/${name}.js`, import.meta.url));
const tool = (name: 'backup' | 'restore', file: string, dataDir: string) =>
  run(process.execPath, [cli(name), file], { env: { PATH: process.env.PATH ?? '', GOAL_LEDGER_DATA_DIR: dataDir } });

/** Writers during the backup; each stops after WRITES_PER_WRITER or when told to. */
const WRITERS = 4;
const WRITES_PER_WRITER = 200;
/** Hundreds of authenticated writes to child processes: more than the default 30 s on a busy machine. */
const BACKUP_TEST_TIMEOUT_MS = 120_000;

interface Acknowledged {
  readonly id: string;
  readonly revision: number;
  readonly status: string;
}

async function formulate(url: string, status: 'agreed' | 'in_progress'): Promise<Acknowledged> {
  const goal = goalBody();
  const post = (path: string, body: object) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...TEST_ADMIN_HEADERS }, body: JSON.stringify(body) });
  expect((await post('/v1/goals', goal)).status).toBe(201);
  if (status === 'agreed') return { id: goal.id, revision: 0, status };
  const changed = await post(`/v1/goals/${goal.id}/status`, { status, reason: 'Quartalsgespräch 2013-Q1', occurredAt: '2013-03-28' });
  expect(changed.status).toBe(200);
  return { id: goal.id, revision: 1, status };
}

async function everyEvent(file: string): Promise<RecordedEvent[]> {
  const store = await SqliteEventStore.open(file);
  try {
    const events: RecordedEvent[] = [];
    for (let page = await store.readAll({ after: 0, limit: 1000 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, limit: 1000 })) {
      events.push(...page);
    }
    return events;
  } finally {
    await store.close();
  }
}

describe('backup and restore of the embedded store', () => {
  const live = temporaryDataDir();
  const restored = temporaryDataDir();
  const backups = temporaryDataDir();
  const processes: ApiProcess[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((api) => api.stop()));
    for (const dir of [live, restored, backups]) dir.remove();
  });

  it('backs up while the API writes; the restored store holds every event acknowledged before, and its read models', async () => {
    const source = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: live.path });
    processes.push(source.api);
    const acknowledged: Acknowledged[] = [];
    for (let i = 0; i < 20; i += 1) acknowledged.push(await formulate(source.url, i % 2 === 0 ? 'agreed' : 'in_progress'));

    let writing = true;
    const writers = Array.from({ length: WRITERS }, async () => {
      for (let i = 0; i < WRITES_PER_WRITER && writing; i += 1) acknowledged.push(await formulate(source.url, 'in_progress'));
    });
    const acknowledgedBeforeBackup = [...acknowledged];
    const file = join(backups.path, 'goal-ledger-backup.sqlite');
    const { stdout } = await tool('backup', file, live.path).finally(() => (writing = false));
    await Promise.all(writers);
    expect(stdout).toMatch(/^backed up \d+ events \(log up to position \d+\) with the read models to /);

    source.api.signal('SIGTERM');
    expect(await source.api.exited).toEqual({ code: 0, signal: null });
    const liveEvents = await everyEvent(join(live.path, 'goal-ledger.sqlite'));

    await tool('restore', file, restored.path);
    const target = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: restored.path, GOAL_LEDGER_READY_MAX_LAG: '0' });
    processes.push(target.api);
    // Ready once its read models have applied what the log holds beyond their checkpoint in the backup.
    await eventually(async () => (await fetch(`${target.url}/health/ready`)).status === 200, () => 'the restored store did not turn ready');
    for (const { id, revision, status } of acknowledgedBeforeBackup) {
      const goal = (await (await fetch(`${target.url}/v1/goals/${id}`, { headers: TEST_ADMIN_HEADERS })).json()) as GoalBody;
      expect({ id: goal.id, revision: goal.revision, status: goal.status }).toEqual({ id, revision, status });
    }
    target.api.signal('SIGTERM');
    expect(await target.api.exited).toEqual({ code: 0, signal: null });

    // The restored log is the live log as it stood when the backup was taken: the same events, field by field.
    const restoredEvents = await everyEvent(join(restored.path, 'goal-ledger.sqlite'));
    expect(restoredEvents.length).toBeGreaterThanOrEqual(acknowledgedBeforeBackup.reduce((n, goal) => n + goal.revision + 1, 0));
    expect(restoredEvents).toEqual(liveEvents.slice(0, restoredEvents.length));
  }, BACKUP_TEST_TIMEOUT_MS);

  it('refuses to restore over a store that the API has open', async () => {
    const { api } = await ApiProcess.serving({ GOAL_LEDGER_DATA_DIR: live.path });
    processes.push(api);
    const file = join(backups.path, 'another-backup.sqlite');
    await tool('backup', file, live.path);
    await expect(tool('restore', file, live.path)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/is in use .*stop the API first/) });
    api.signal('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
  });

  it('restores into a data directory that does not exist yet, as on a fresh machine', async () => {
    const file = join(backups.path, 'fresh-machine-backup.sqlite');
    await tool('backup', file, live.path);
    const fresh = join(backups.path, 'fresh-machine', 'data');
    await tool('restore', file, fresh);
    expect((await everyEvent(join(fresh, 'goal-ledger.sqlite'))).length).toBeGreaterThan(0);
  });

  it('refuses to overwrite an existing file with a backup', async () => {
    const file = join(backups.path, 'goal-ledger-backup.sqlite');
    await expect(tool('backup', file, live.path)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/exists; a backup goes to a new file/) });
  });
});
