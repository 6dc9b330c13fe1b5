import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import { quarterDates, quartersBetween } from '#domain';
import type { RecordedEvent } from '#event-store';
import { ApiClient, caughtUp, NoAnswer } from '../support/api-client.js';
import { apiProcessesPerSuite } from '../support/api-process.js';
import { embeddedStore, postgresStore, type ApiStore } from '../support/api-stores.js';
import { readWholeLog } from '../support/log-audit.js';
import { describePostgres } from '../support/postgres.js';
import { seededRandom, testSeed } from '../support/seeded-random.js';
import { postToUrl, registerTestRegistry, TEST_MUNICIPALITIES } from '../support/test-registry.js';

/**
 * Reviews proposing statuses are sent while the API is killed with SIGKILL at random moments: between a
 * review's acknowledgement and its status changes, in the middle of a batch of them, or before the
 * manager's checkpoint moved. The proposals alternate `in_progress` and `on_hold`, so a change lost or
 * applied twice would make the next one a forbidden transition. After the last restart every goal must
 * have exactly one change per review, each caused by its review, and no proposal may have been declined.
 */
const KILLS = 4;
const LONGEST_RUN_MS = 1500;
const GOALS_PER_MUNICIPALITY = 3;
const QUARTERS = quartersBetween('2013-Q1', '2014-Q4');
const proposed = (quarterIndex: number) => (quarterIndex % 2 === 0 ? 'in_progress' : 'on_hold');

function crashTest(name: string, store: ApiStore): void {
  const children = apiProcessesPerSuite();
  afterAll(() => store.remove());
  const seed = testSeed();

  it(`applies every proposal of every acknowledged review exactly once through ${KILLS} SIGKILLs (${name})`, async () => {
    const random = seededRandom(seed);
    const schedule: string[] = [];
    let { process: child, url } = await children.start('instance', store.env());
    let api = new ApiClient(url);
    await registerTestRegistry(postToUrl(url));
    const goals = new Map<string, string[]>();
    for (const municipality of TEST_MUNICIPALITIES) {
      const ids = Array.from({ length: GOALS_PER_MUNICIPALITY }, (_, i) => `crash-${seed}-${municipality}-${i}`);
      for (const id of ids) {
        const body = { id, programmeId: 'kekiz', municipalityId: municipality, phaseId: 'model', themeArea: 'netzwerk', title: id, occurredAt: '2012-11-15' };
        expect((await api.post('/v1/goals', body)).status).toBe(201);
      }
      goals.set(municipality, ids);
    }
    const next = new Map(TEST_MUNICIPALITIES.map((m) => [m, 0]));
    const send = (client: ApiClient) => Promise.all(TEST_MUNICIPALITIES.map((municipality) => reviewsOf(client, municipality, goals.get(municipality) ?? [], next)));

    try {
      for (let kill = 1; kill <= KILLS; kill += 1) {
        const sending = send(api);
        const after = random.int(0, LONGEST_RUN_MS);
        schedule.push(`kill ${kill} after ${after} ms, reviews acknowledged so far: ${JSON.stringify([...next])}`);
        await delay(after);
        await child.kill();
        await sending;
        ({ process: child, url } = await children.start('instance', store.env()));
        api = new ApiClient(url);
      }
      await send(api);
      await caughtUp(api);
      const log = await readWholeLog(store.openLog);
      expect(log.filter((event) => event.type === 'StatusProposalDeclined').map((event) => event.data)).toEqual([]);
      for (const [municipality, ids] of goals) expect(findings(log, municipality, ids)).toEqual([]);
    } catch (error) {
      throw children.explained(error, [`seed ${seed} (GOAL_LEDGER_TEST_SEED=${seed} repeats the schedule)`, ...schedule]);
    }
  }, 240_000);
}

/** Sends the municipality's reviews in quarter order from the first not acknowledged, until done or cut off. */
async function reviewsOf(api: ApiClient, municipality: string, goalIds: readonly string[], next: Map<string, number>): Promise<void> {
  for (let index = next.get(municipality) ?? 0; index < QUARTERS.length; index += 1) {
    const quarter = QUARTERS[index];
    const assessments = goalIds.map((goalId) => ({ goalId, progress: 'on_track', proposedStatus: proposed(index) }));
    const body = { quarter, heldOn: quarterDates(quarter).lastDay, participants: ['Landeskoordinierungsstelle KeKiZ'], assessments };
    let status: number;
    try {
      // A retry after the crash carries the same key: the review is recorded once, whether it was before or not.
      status = (await api.post(`/v1/municipalities/${municipality}/reviews`, body, { 'Idempotency-Key': `crash-review-${municipality}-${quarter}-${goalIds[0]}` })).status;
    } catch (error) {
      if (error instanceof NoAnswer) return;
      throw error;
    }
    if (status !== 201) throw new Error(`review ${municipality} ${quarter} answered ${status}`);
    next.set(municipality, index + 1);
  }
}

/** What is wrong with the goals' status changes: one per review, in quarter order, each caused by its review. */
function findings(log: readonly RecordedEvent[], municipality: string, goalIds: readonly string[]): string[] {
  const reviews = log.filter((event) => event.type === 'QuarterlyReviewHeld' && event.data.municipalityId === municipality);
  const expected = QUARTERS.map((quarter, index) => [reviews.find((review) => review.data.quarter === quarter)?.id, proposed(index)]);
  return goalIds.flatMap((goalId) => {
    const changes = log.filter((event) => event.stream === `goal-${goalId}` && event.type === 'GoalStatusChanged').map((event) => [event.metadata.causationId, event.data.to]);
    return JSON.stringify(changes) === JSON.stringify(expected) ? [] : [`${goalId}: ${JSON.stringify(changes)} instead of ${JSON.stringify(expected)}`];
  });
}

describe('review proposals through crashes on the embedded store', () => {
  crashTest('SQLite', embeddedStore('proposals_crash'));
});

describePostgres('review proposals through crashes on PostgreSQL', () => {
  crashTest('PostgreSQL', postgresStore('proposals_crash'));
});
