import { describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import {
  enrolledMunicipality,
  goalBody,
  historyOf,
  offending,
  type GoalBody,
  type GoalPageBody,
  type HistoryPageBody,
  type Http,
  type WriteBody,
} from '../support/e2e-http.js';

type Query = Record<string, string>;
type HistoryItem = HistoryPageBody['items'][number] & {
  effectiveOccurredAt: string;
  correctedBy: { revision: number; type: string; reason: string } | null;
  corrects: number | null;
};

const goalAt = async (http: Http, id: string, query: Query) => (await http().get(`/v1/goals/${id}`).query(query).expect(200)).body as GoalBody & { logPosition: number };
const listAt = async (http: Http, query: Query) => (await http().get('/v1/goals').query(query).expect(200)).body as GoalPageBody;
const historyAt = async (http: Http, id: string, query: Query) => (await http().get(`/v1/goals/${id}/history`).query(query).expect(200)).body as HistoryPageBody;

/**
 * The worked example of design.md §3 over HTTP: a goal formulated, set in progress, then a late entry from
 * older minutes and a correction of the status change's date. `K1` and `K2` stand for the example's
 * "2013-12-31" and "2014-01-15": instants after the status change, and after the late entry, were recorded.
 */
async function workedExample(http: Http) {
  const municipalityId = await enrolledMunicipality(http, 'kreis-zeit');
  const body = goalBody({ municipalityId, description: 'original', occurredAt: '2012-11-15' });
  await http().post('/v1/goals').send(body).expect(201);
  const inProgress = (await http().post(`/v1/goals/${body.id}/status`).send({ status: 'in_progress', reason: 'Quartalsgespräch', occurredAt: '2013-06-01' }).expect(200)).body as WriteBody;
  const K1 = (await historyOf(http, body.id))[1].recordedAt;
  await http().post(`/v1/goals/${body.id}/revisions`).send({ description: 'late one', reason: 'Protokoll 2013-Q1', occurredAt: '2013-02-01' }).expect(200);
  const K2 = (await historyOf(http, body.id))[2].recordedAt;
  await http().post(`/v1/goals/${body.id}/corrections`).send({ revision: 1, occurredAt: '2013-04-15', reason: 'really happened on 2013-04-15' }).expect(200);
  return { id: body.id, municipalityId, K1, K2, inProgress };
}

onBothStores(({ http }) => {
  describe('views of a goal as of a world date, as known at an instant (design.md §3)', () => {
    it('answers each row of the worked example', async () => {
      const { id, K1, K2 } = await workedExample(http);
      const rows: [string, string | undefined, string, string][] = [
        ['2013-03-01', K1, 'agreed', 'original'],
        ['2013-03-01', undefined, 'agreed', 'late one'],
        ['2013-05-01', K2, 'agreed', 'late one'],
        ['2013-05-01', undefined, 'in_progress', 'late one'],
      ];
      for (const [asOf, knownAt, status, description] of rows) {
        const goal = await goalAt(http, id, { asOf, ...(knownAt ? { knownAt } : {}) });
        expect({ asOf, knownAt, status: goal.status, description: goal.description }).toEqual({ asOf, knownAt, status, description });
      }
    });

    it('answers a past knownAt byte for byte the same after later writes, naming the position it reflects', async () => {
      const { id, K1, inProgress } = await workedExample(http);
      const ask = () => http().get(`/v1/goals/${id}`).query({ asOf: '2013-12-31', knownAt: K1 }).expect(200);
      const first = await ask();
      await http().post(`/v1/goals/${id}/status`).send({ status: 'largely_implemented', reason: 'Quartalsgespräch 2014-Q1', occurredAt: '2014-03-20' }).expect(200);
      const again = await ask();
      expect(again.text).toBe(first.text);
      expect(first.body).toMatchObject({ status: 'in_progress', description: 'original', revision: 1, logPosition: inProgress.position, knownAt: K1 });
      expect(first.headers['x-log-position']).toBe(String(inProgress.position));
      expect(first.headers.etag).toBe('"1"');
    });

    it('answers a knownAt in the future as known now, naming the instant it is reproduced with', async () => {
      const { id } = await workedExample(http);
      const before = new Date().toISOString();
      const body = (await http().get(`/v1/goals/${id}`).query({ asOf: '2014-12-31', knownAt: '2999-12-31' }).expect(200)).body as { knownAt: string; revision: number };
      expect(body.knownAt >= before && body.knownAt <= new Date().toISOString()).toBe(true);
      const again = await http().get(`/v1/goals/${id}`).query({ asOf: '2014-12-31', knownAt: body.knownAt }).expect(200);
      expect(again.body).toEqual(body);
    });

    it('tells the history as known at an instant, and the correction once it was recorded', async () => {
      const { id, K1 } = await workedExample(http);
      const then = await historyAt(http, id, { knownAt: K1 });
      expect(then.items.map((entry) => [entry.revision, (entry as HistoryItem).correctedBy])).toEqual([
        [0, null],
        [1, null],
      ]);
      const now = (await historyAt(http, id, {})).items as HistoryItem[];
      expect(now.map((entry) => [entry.revision, entry.type, entry.effectiveOccurredAt.slice(0, 10), entry.correctedBy?.revision ?? null, entry.corrects])).toEqual([
        [0, 'GoalFormulated', '2012-11-15', null, null],
        [1, 'GoalStatusChanged', '2013-04-15', 3, null],
        [2, 'GoalRevised', '2013-02-01', null, null],
        [3, 'EventSuperseded', '2013-04-15', null, 1],
      ]);
      expect(now[1].occurredAt.slice(0, 10)).toBe('2013-06-01');
      const asOfSpring = (await historyAt(http, id, { asOf: '2013-03-01' })).items as HistoryItem[];
      expect(asOfSpring.find((entry) => entry.revision === 2)?.changes).toEqual([{ field: 'description', from: 'original', to: 'late one' }]);
    });

    it('lists goals as they stood then: not yet formulated, in the status of that day, filtered by several statuses', async () => {
      const { id, municipalityId, K2 } = await workedExample(http);
      const ids = (page: GoalPageBody) => page.items.map((goal) => goal.id);
      expect(ids(await listAt(http, { municipalityId, asOf: '2012-11-14' }))).toEqual([]);
      expect(ids(await listAt(http, { municipalityId, asOf: '2013-05-01', status: 'in_progress,on_hold' }))).toEqual([id]);
      expect(ids(await listAt(http, { municipalityId, asOf: '2013-05-01', knownAt: K2, status: 'in_progress,on_hold' }))).toEqual([]);
      expect(ids(await listAt(http, { municipalityId, asOf: '2013-05-01', knownAt: K2, status: 'agreed' }))).toEqual([id]);
    });

    it('shows a carried-over goal in its old phase as of that phase\'s end, and in the new one after', async () => {
      const municipalityId = await enrolledMunicipality(http, 'kreis-phase');
      const body = goalBody({ municipalityId, occurredAt: '2012-10-15' });
      await http().post('/v1/goals').send(body).expect(201);
      await http().post(`/v1/goals/${body.id}/carry-over`).send({ toPhaseId: 'rollout', reason: 'Ausschuss 2016-09-26: Fortführung', occurredAt: '2016-09-26' }).expect(200);
      expect((await goalAt(http, body.id, { asOf: '2015-09-30' })).phaseId).toBe('model');
      expect((await goalAt(http, body.id, {})).phaseId).toBe('rollout');
      const inPhase = async (phaseId: string, query: Query) => (await listAt(http, { municipalityId, phaseId, ...query })).items.map((goal) => goal.id);
      expect([await inPhase('model', { asOf: '2015-09-30' }), await inPhase('rollout', { asOf: '2015-09-30' })]).toEqual([[body.id], []]);
      expect([await inPhase('model', {}), await inPhase('rollout', {})]).toEqual([[], [body.id]]);
      const history = await historyOf(http, body.id);
      expect(history.map((entry) => [entry.type, entry.changes])).toEqual([
        ['GoalFormulated', expect.any(Array)],
        ['GoalCarriedOver', [{ field: 'phaseId', from: 'model', to: 'rollout' }]],
      ]);
    });

    it('sorts by a field in either direction, paging by cursor without repeats', async () => {
      const municipalityId = await enrolledMunicipality(http, 'kreis-sort');
      const titles = ['Bildung', 'Arbeit', 'Demografie', 'Chancen', 'Erziehung'];
      for (const title of titles) await http().post('/v1/goals').send(goalBody({ id: `goal-${uuid()}`, municipalityId, title })).expect(201);
      const walk = async (sort: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: GoalPageBody = await listAt(http, { municipalityId, sort, limit: '2', ...(cursor ? { cursor } : {}) });
          seen.push(...page.items.map((goal) => goal.title));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await walk('title')).toEqual([...titles].sort());
      expect(await walk('-title')).toEqual([...titles].sort().reverse());
    });

    it('names every malformed point of view, sort and status filter', async () => {
      const { id } = await workedExample(http);
      for (const path of [`/v1/goals/${id}`, `/v1/goals/${id}/history`, '/v1/goals']) {
        expect(offending(await http().get(path).query({ asOf: '2013-02-30', knownAt: 'yesterday' }))).toEqual(['query:asOf', 'query:knownAt']);
      }
      expect(offending(await http().get('/v1/goals').query({ sort: 'colour' }))).toEqual(['query:sort']);
      expect(offending(await http().get('/v1/goals').query({ status: 'agreed,unknown' }))).toEqual(['query:status']);
    });
  });
});
