import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isTransitionAllowed, type GoalStatus } from '#domain';
import type { RecordedEvent } from '#event-store';
import { ApiClient, type Answer } from '../support/api-client.js';
import { apiProcessesPerSuite } from '../support/api-process.js';
import { embeddedStore, postgresStore, type ApiStore } from '../support/api-stores.js';
import { readWholeLog, statusesBefore } from '../support/log-audit.js';
import { postToUrl, registerTestRegistry } from '../support/test-registry.js';
import { describePostgres } from '../support/postgres.js';
import { seededRandom, testSeed } from '../support/seeded-random.js';
import { NEXT_STATUS, type WriteBody } from '../support/write-load.js';

/**
 * Many clients change the same few goals at once, through every instance of the API (child processes,
 * real HTTP). With If-Match a client that lost the race is refused; without it, its write is decided
 * again on the state it lands on. Either way every accepted change is in the log once and no update is lost.
 */
const CLIENTS = 32;
const WRITES_PER_CLIENT = 10;
const GOALS = 4;
const OCCURRED_AT = '2015-06-30';
/** 320 writes on one goal through a busy two-core machine; a hang still fails, long before the suite's end. */
const TIMEOUT_MS = 120_000;

interface Sent {
  readonly key: string;
  readonly goalId: string;
  readonly to: string;
  /** The status the client saw before sending (If-Match only). */
  readonly from?: string;
  readonly answer: Answer<WriteBody & { type?: string }>;
}

function concurrencyTests(name: string, store: ApiStore): void {
  const children = apiProcessesPerSuite();
  afterAll(() => store.remove());
  const apis: ApiClient[] = [];
  const apiOf = (client: number) => apis[client % apis.length];
  const seed = testSeed();

  beforeAll(async () => {
    for (let i = 0; i < store.instances; i += 1) apis.push(new ApiClient((await children.start(`instance ${i}`, store.env())).url));
    await registerTestRegistry(postToUrl(apis[0].url));
  });

  const explained = (run: () => Promise<void>) => () =>
    run().catch((error: unknown) => {
      throw children.explained(error, [`seed ${seed} (GOAL_LEDGER_TEST_SEED=${seed} repeats the choices)`]);
    });

  const formulate = async (prefix: string): Promise<string[]> => {
    const ids = Array.from({ length: GOALS }, (_, i) => `${prefix}-${i}`);
    for (const id of ids) {
      const body = { id, programmeId: 'kekiz', municipalityId: 'kreis-unna', phaseId: 'model', themeArea: 'elternbildung', title: `Ziel ${id}`, occurredAt: '2012-10-15' };
      expect((await apis[0].post('/v1/goals', body)).status).toBe(201);
    }
    return ids;
  };

  const changeStatus = (client: number, key: string, goalId: string, to: string, headers: Record<string, string> = {}) =>
    apiOf(client).post<Sent['answer']['body']>(
      `/v1/goals/${goalId}/status`,
      { status: to, reason: key, occurredAt: OCCURRED_AT },
      { 'Idempotency-Key': key, ...headers },
    );

  it(`with If-Match, lets exactly one client of each goal win every round; the others get 412 or 409 and no update is lost (${name})`, explained(async () => {
    const goals = await formulate('if-match');
    const random = seededRandom(seed);
    const sent: Sent[] = [];
    for (let round = 0; round < WRITES_PER_CLIENT; round += 1) {
      // Every client reads its goal before any of them writes, so all of them race from the same revision.
      const seen = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => apiOf(c).get<{ status: string }>(`/v1/goals/${goals[c % GOALS]}`)));
      const choices = seen.map((read) => ({ from: read.body.status, to: random.pick(NEXT_STATUS[read.body.status]), etag: read.headers.get('etag') ?? '' }));
      const answers = await Promise.all(
        choices.map(({ to, etag }, c) => changeStatus(c, `if-match-${round}-${c}`, goals[c % GOALS], to, { 'If-Match': etag })),
      );
      sent.push(...answers.map((answer, c) => ({ key: `if-match-${round}-${c}`, goalId: goals[c % GOALS], ...choices[c], answer })));
      const winners = goals.map((goal) => answers.filter((answer, c) => goals[c % GOALS] === goal && answer.status === 200).length);
      expect([round, winners]).toEqual([round, goals.map(() => 1)]);
    }
    const refused = sent.filter((write) => write.answer.status !== 200);
    const unexpected = refused.filter(
      (write) => !isRefusal(write.answer, 412, 'precondition-failed') && !isRefusal(write.answer, 409, 'status-transition-forbidden'),
    );
    expect(unexpected).toEqual([]);
    await expectInLogOnce(await readWholeLog(store.openLog), goals, sent);
  }), TIMEOUT_MS);

  it(`without If-Match, lets all ${CLIENTS * WRITES_PER_CLIENT} revisions of one goal by ${CLIENTS} clients succeed by re-deciding (${name})`, explained(async () => {
    const [goal] = await formulate('revised');
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const mine: Answer<WriteBody>[] = [];
        for (let i = 0; i < WRITES_PER_CLIENT; i += 1) {
          const body = { title: `Fassung ${c}.${i}`, reason: `revision-${c}-${i}`, occurredAt: OCCURRED_AT };
          mine.push(await apiOf(c).post<WriteBody>(`/v1/goals/${goal}/revisions`, body, { 'Idempotency-Key': `revision-${c}-${i}` }));
        }
        return mine;
      }),
    );
    const failed = answers.flat().filter((answer) => answer.status !== 200);
    expect(failed.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`)).toEqual([]);
    const stream = (await readWholeLog(store.openLog)).filter((event) => event.stream === `goal-${goal}`);
    expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: CLIENTS * WRITES_PER_CLIENT + 1 }, (_, i) => i));
    // Each client's revisions are in the log once, at the revision it was told, saying what it sent.
    const logged = new Map(stream.map((event) => [event.metadata.idempotencyKey, event]));
    answers.forEach((mine, c) =>
      mine.forEach((answer, i) => {
        const event = logged.get(`revision-${c}-${i}`);
        expect([event?.revision, event?.data.changes]).toEqual([answer.body.revision, { title: `Fassung ${c}.${i}` }]);
      }),
    );
  }), TIMEOUT_MS);

  const decidedOnArrival = 'decides each conflicting status change on the state it lands on: accepted ones chain, the rest are forbidden transitions';
  it(`without If-Match, ${decidedOnArrival} (${name})`, explained(async () => {
    const goals = await formulate('status');
    const random = seededRandom(seed + 1);
    const targets = ['in_progress', 'largely_implemented', 'on_hold'];
    const sent = (
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          const mine: Sent[] = [];
          for (let i = 0; i < WRITES_PER_CLIENT; i += 1) {
            const [key, goalId, to] = [`status-${c}-${i}`, random.pick(goals), random.pick(targets)];
            mine.push({ key, goalId, to, answer: await changeStatus(c, key, goalId, to) });
          }
          return mine;
        }),
      )
    ).flat();
    const refused = sent.filter((write) => write.answer.status !== 200);
    expect(refused.filter((write) => !isRefusal(write.answer, 409, 'status-transition-forbidden'))).toEqual([]);
    await expectInLogOnce(await readWholeLog(store.openLog), goals, sent);
  }), TIMEOUT_MS);
}

function isRefusal(answer: Answer, status: number, kind: string): boolean {
  return answer.status === status && (answer.body as { type?: string }).type === `urn:goal-ledger:problem:${kind}`;
}

/**
 * Each accepted change is in its goal's stream once, at the revision it was answered with, changing from
 * the status it saw (when it saw one); each refused change is not in the log; and every step of each
 * goal's chain is one the workflow allows: no update was lost or overwritten.
 */
async function expectInLogOnce(log: readonly RecordedEvent[], goals: readonly string[], sent: readonly Sent[]): Promise<void> {
  const before = statusesBefore(log);
  const byKey = new Map(log.filter((event) => event.metadata.idempotencyKey).map((event) => [event.metadata.idempotencyKey, event]));
  const mismatches = sent.flatMap((write) => {
    const event = byKey.get(write.key);
    const accepted = write.answer.status === 200;
    if (!accepted) return event ? [`${write.key} was refused with ${write.answer.status} but is in the log`] : [];
    const expected = { stream: `goal-${write.goalId}`, revision: write.answer.body.revision, to: write.to, ...(write.from ? { from: write.from } : {}) };
    const actual = event && { stream: event.stream, revision: event.revision, to: event.data.to, ...(write.from ? { from: before.get(event.id) } : {}) };
    return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${write.key}: expected ${JSON.stringify(expected)}, logged ${JSON.stringify(actual)}`];
  });
  expect(mismatches).toEqual([]);
  for (const goal of goals) {
    const changes = log.filter((event) => event.stream === `goal-${goal}` && event.type === 'GoalStatusChanged');
    const chain = changes.map((event) => `${before.get(event.id)}→${String(event.data.to)}`);
    // A change decided on a stale state (an overwrite) shows as a step the workflow forbids.
    const broken = changes.filter((event) => !isTransitionAllowed(before.get(event.id) as GoalStatus, event.data.to as GoalStatus));
    expect({ goal, broken: broken.length, chain }).toEqual({ goal, broken: 0, chain });
    expect(changes).toHaveLength(sent.filter((write) => write.goalId === goal && write.answer.status === 200).length);
  }
}

describe('conflicting writes on the embedded store', () => {
  concurrencyTests('SQLite', embeddedStore('concurrency'));
});

describePostgres('conflicting writes through two API instances on one PostgreSQL', () => {
  concurrencyTests('PostgreSQL', postgresStore('concurrency'));
});
