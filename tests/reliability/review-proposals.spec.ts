import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { openPostgresReadModels, openSqliteReadModels, type ReadModelStore } from '#projections';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { problemType } from '../../apps/api/src/problems/problem-types.js';
import { STATUS_PROPOSALS } from '../../apps/api/src/reviews/proposals/status-proposals.process.js';
import { startApp, temporaryDataDir } from '../support/app.js';
import { caughtUp, goalBody, goalOf, historyOf, httpOf, logHead, type Http } from '../support/e2e-http.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

/** Another instance, as far as the lease is concerned: while it holds the lease, the app only follows. */
const ELSEWHERE = 'an-instance-that-died';
const HOUR = 3_600_000;

interface Setup {
  readonly config: Partial<AppConfig> & { dataDir: string };
  openReadModels(): Promise<ReadModelStore>;
}

/**
 * The window between two writes: the review is acknowledged, the status change not yet made. The app is
 * stopped inside that window (the manager's lease is held by an instance that then died), started again,
 * and must make the change exactly once; a rebuild of the manager, which settles every review again as a
 * retry after a lost checkpoint would, must write nothing.
 */
function crashWindow(setup: () => Setup): void {
  let app: INestApplication | undefined;
  const http: Http = httpOf(() => app as INestApplication);
  afterAll(async () => {
    await app?.close();
  });

  const holdLeaseElsewhere = async (hold: boolean) => {
    const store = await setup().openReadModels();
    try {
      if (hold) expect(await store.acquireLease(STATUS_PROPOSALS, 1, ELSEWHERE, Date.now(), HOUR)).toBe(true);
      else await store.releaseLease(STATUS_PROPOSALS, 1, ELSEWHERE);
    } finally {
      await store.close();
    }
  };

  it('applies a proposal acknowledged just before the app stopped exactly once after the restart, and never again', async () => {
    app = await startApp(setup().config);
    const goal = goalBody({ occurredAt: '2012-11-15' });
    await http().post('/v1/goals').send(goal).expect(201);
    await app.close();

    await holdLeaseElsewhere(true);
    app = await startApp(setup().config, { registry: false });
    const assessments = [{ goalId: goal.id, progress: 'achieved', note: 'Netzwerk arbeitet eigenständig', proposedStatus: 'largely_implemented' }];
    const review = { quarter: '2015-Q3', heldOn: '2015-09-10', participants: ['Landeskoordinierungsstelle KeKiZ'], assessments };
    await http().post('/v1/municipalities/kreis-warendorf/reviews').send(review).expect(201);
    // Acknowledged, and not applied: the instance that holds the manager's lease is gone.
    expect(await goalOf(http, goal.id)).toMatchObject({ status: 'agreed' });
    await app.close();

    await holdLeaseElsewhere(false);
    app = await startApp(setup().config, { registry: false });
    await caughtUp(http);
    const reviewEvent = ((await http().get('/v1/events').query({ stream: 'review-kreis-warendorf-2015-Q3' }).expect(200)).body.items as { id: string }[])[0];
    const changes = () => historyOf(http, goal.id).then((history) => history.filter((entry) => entry.type === 'GoalStatusChanged'));
    expect(await goalOf(http, goal.id)).toMatchObject({ status: 'largely_implemented' });
    expect((await changes()).map((entry) => entry.causationId)).toEqual([reviewEvent.id]);

    // Never again: not after another restart, and a replay of the manager is refused (it would settle
    // every proposal again against today's goals).
    const head = await logHead(http);
    const before = await managerStatus(http);
    await app.close();
    app = await startApp(setup().config, { registry: false });
    await caughtUp(http);
    const refused = await http().post(`/v1/admin/projections/${STATUS_PROPOSALS}/rebuild`).expect(409);
    expect(refused.body).toMatchObject({ type: problemType('process-manager-not-rebuilt') });
    expect(await managerStatus(http)).toMatchObject({ generation: before.generation, rebuild: null });
    expect(await logHead(http)).toBe(head);
    expect((await changes()).map((entry) => entry.causationId)).toEqual([reviewEvent.id]);
  }, 60_000);
}

interface ManagerStatus {
  name: string;
  generation: number;
  rebuild: unknown;
}

async function managerStatus(http: Http): Promise<ManagerStatus> {
  const statuses = (await http().get('/v1/admin/projections').expect(200)).body as ManagerStatus[];
  const manager = statuses.find((status) => status.name === STATUS_PROPOSALS);
  if (!manager) throw new Error(`${STATUS_PROPOSALS} is not among ${JSON.stringify(statuses)}`);
  return manager;
}

describe('review proposals across a stop on the embedded store', () => {
  const data = temporaryDataDir();
  crashWindow(() => ({ config: { dataDir: data.path }, openReadModels: () => openSqliteReadModels(join(data.path, 'goal-ledger.sqlite')) }));
  afterAll(() => data.remove());
});

describePostgres('review proposals across a stop on PostgreSQL', () => {
  const data = temporaryDataDir();
  const schema = uniqueSchema('gl_proposals');
  crashWindow(() => ({
    config: { store: 'postgres', databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path },
    openReadModels: () => openPostgresReadModels({ connectionString: testDatabaseUrl, schema }),
  }));
  // After the suite's own afterAll, which closes the app that still uses the schema.
  afterAll(async () => {
    await dropSchemas([schema]);
    data.remove();
  });
});
