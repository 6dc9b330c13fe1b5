import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ApiClient, caughtUp, rebuildAll } from '../support/api-client.js';
import { apiProcessesPerSuite, type ApiProcess } from '../support/api-process.js';
import { embeddedStore, postgresStore, type ApiStore } from '../support/api-stores.js';
import { auditLog, eventsByKey, readWholeLog } from '../support/log-audit.js';
import { postToUrl, registerTestRegistry } from '../support/test-registry.js';
import { describePostgres } from '../support/postgres.js';
import { readModelFindings, readModelsOf } from '../support/read-models.js';
import { seededRandom, testSeed } from '../support/seeded-random.js';
import { isSuccess, WriteLoad, type SentWrite } from '../support/write-load.js';

/**
 * The API runs as child processes under a write load and is killed with SIGKILL at random moments.
 * After each restart, every acknowledged write must be in the log exactly once, a write cut off by the
 * crash must be there whole or not at all (and its retry must settle which), and the read models must
 * equal a rebuild from the log.
 */
const KILLS = 10;
const CLIENTS = 6;
/** The kill comes this long after the load started: sometimes during start-up catch-up, mostly mid-load. */
const LONGEST_RUN_MS = 800;
/** Writes the surviving instance acknowledges before the killed one comes back. */
const SERVED_ALONE = 9;

interface Instance {
  process: ApiProcess;
  api: ApiClient;
}

function crashTest(name: string, store: ApiStore): void {
  const children = apiProcessesPerSuite();
  afterAll(() => store.remove());
  const seed = testSeed();

  it(`keeps every acknowledged write through ${KILLS} SIGKILLs, and never half of one (${name})`, async () => {
    const { instances: count, openLog } = store;
    const random = seededRandom(seed);
    const schedule: string[] = [];
    const start = async (index: number): Promise<Instance> => {
      const { process, url } = await children.start(`instance ${index}`, store.env());
      return { process, api: new ApiClient(url) };
    };
    const instances: Instance[] = [];
    for (let index = 0; index < count; index += 1) instances.push(await start(index));
    await registerTestRegistry(postToUrl(instances[0].api.url));
    const load = new WriteLoad(CLIENTS, seed);

    try {
      for (let kill = 1; kill <= KILLS; kill += 1) {
        load.start((client) => instances[client % count].api);
        const after = random.int(0, LONGEST_RUN_MS);
        const victim = random.int(0, count - 1);
        schedule.push(`kill ${kill}: instance ${victim} after ${after} ms`);
        await delay(after);
        await instances[victim].process.kill();
        // With two instances, the other one goes on serving its clients alone for a while.
        if (count > 1) await load.acknowledgedMore(SERVED_ALONE);
        await load.stop();
        // Not while another instance is still applying batches: the read models' start-up can deadlock with that.
        for (const instance of instances.filter((_, index) => index !== victim)) await caughtUp(instance.api);
        instances[victim] = await start(victim);
        await settleRound(load, instances, openLog, random.int(0, count - 1));
      }
    } catch (error) {
      throw children.explained(error, [`seed ${seed} (GOAL_LEDGER_TEST_SEED=${seed} repeats the schedule)`, ...schedule]);
    }
  }, 240_000);
}

/** After a crash: audit the log, settle the writes the crash cut off, then compare the read models with a rebuild. */
async function settleRound(load: WriteLoad, instances: Instance[], openLog: ApiStore['openLog'], rebuilder: number): Promise<void> {
  const refused = load.writes.filter((write) => write.answer !== undefined && !isSuccess(write.answer));
  expect(refused.map((write) => `${write.key} ${write.path}: ${write.answer?.status} ${JSON.stringify(write.answer?.body)}`)).toEqual([]);

  const crashed = await readWholeLog(openLog);
  expect(auditLog(crashed, load.writes)).toEqual([]);

  // A client retries what the crash cut off, with the same key: the answer says whether it had been written.
  const present = eventsByKey(crashed);
  const api = instances[0].api;
  for (const write of load.inDoubt()) {
    const answer = await load.resend(write, api);
    expect([write.key, answer.status, answer.headers.get('idempotent-replayed')]).toEqual([
      write.key,
      write.path === '/v1/goals' ? 201 : 200,
      present.has(write.key) ? 'true' : null,
    ]);
  }
  // A retry of a write acknowledged just before the crash answers as the first time did and appends nothing.
  const acknowledged = load.writes.filter((write) => !write.lost && write.answer && isSuccess(write.answer));
  for (const write of acknowledged.slice(-3)) await expectReplayed(write, instances.at(-1)?.api ?? api);

  const settled = await readWholeLog(openLog);
  expect(auditLog(settled, load.writes)).toEqual([]);
  expect(settled.length).toBe(crashed.length + load.writes.filter((w) => w.lost && !present.has(w.key)).length);

  for (const instance of instances) await caughtUp(instance.api);
  const before = await readModelsOf(api, load.goals.keys());
  expect(readModelFindings(before, load.goals.values(), settled)).toEqual([]);
  await rebuildAll(instances[rebuilder].api);
  for (const instance of instances) await caughtUp(instance.api);
  expect(await readModelsOf(instances.at(-1)?.api ?? api, load.goals.keys())).toEqual(before);
}

async function expectReplayed(write: SentWrite, api: ApiClient): Promise<void> {
  const retry = await api.post(write.path, write.body, { 'Idempotency-Key': write.key });
  expect([retry.status, retry.body, retry.headers.get('idempotent-replayed')]).toEqual([write.answer?.status, write.answer?.body, 'true']);
}

describe('crashes of the API on the embedded store', () => {
  crashTest('SQLite', embeddedStore('crash'));
});

describePostgres('crashes of either of two API instances on one PostgreSQL', () => {
  crashTest('PostgreSQL', postgresStore('crash'));
});
