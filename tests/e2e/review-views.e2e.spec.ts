import { describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { caughtUp, enrolledMunicipality, expectProblem, goalBody, offending, type Http, type PointOfViewBody } from '../support/e2e-http.js';

type Query = Record<string, string>;

interface ReviewBody {
  id: string;
  municipalityId: string;
  quarter: string;
  heldOn: string;
  summary: string;
  assessments: { goalId: string; progress: string; note: string; proposedStatus: string | null }[];
  updatedAt: string;
  revision: number;
  position: number;
}
interface ReviewPageBody extends PointOfViewBody {
  municipalityId: string;
  items: ReviewBody[];
  nextCursor: string | null;
}

interface HistoryWithAssessments extends PointOfViewBody {
  items: { type: string }[];
  assessments: { reviewId: string; quarter: string; heldOn: string; progress: string; note: string; proposedStatus: string | null; position: number }[];
}

const participants = ['Landeskoordinierungsstelle KeKiZ', 'Amt für Kinder, Jugendliche und Familien'];

/** A municipality with two goals of autumn 2012, reviewed in 2013-Q2 (both goals) and 2013-Q3 (the first). */
async function reviewed(http: Http) {
  const municipality = await enrolledMunicipality(http, 'kreis-warendorf');
  const goals = [goalBody({ municipalityId: municipality, occurredAt: '2012-11-15' }), goalBody({ municipalityId: municipality, occurredAt: '2012-11-15' })].map((goal) => goal.id);
  for (const [i, id] of goals.entries()) await http().post('/v1/goals').send(goalBody({ id, municipalityId: municipality, occurredAt: '2012-11-15', title: `Ziel ${i}` })).expect(201);
  const q2 = { goalId: goals[0], progress: 'on_track', note: 'Kooperationsvereinbarung in Arbeit' };
  await http()
    .post(`/v1/municipalities/${municipality}/reviews`)
    .send({ quarter: '2013-Q2', heldOn: '2013-06-20', participants, summary: 'Stand der Umsetzung', assessments: [q2, { goalId: goals[1], progress: 'delayed', note: 'Personalwechsel' }] })
    .expect(201);
  await http()
    .post(`/v1/municipalities/${municipality}/reviews`)
    .send({ quarter: '2013-Q3', heldOn: '2013-09-25', participants, summary: 'Zweites Gespräch', assessments: [{ goalId: goals[0], progress: 'achieved', note: 'Vereinbarung unterzeichnet' }] })
    .expect(201);
  return { municipality, goals, q2: `${municipality}-2013-Q2`, q3: `${municipality}-2013-Q3` };
}

const reviewAt = async (http: Http, id: string, query: Query = {}) => (await http().get(`/v1/reviews/${id}`).query(query).expect(200)).body as ReviewBody & PointOfViewBody;
const listAt = async (http: Http, municipality: string, query: Query = {}) => (await http().get(`/v1/municipalities/${municipality}/reviews`).query(query).expect(200)).body as ReviewPageBody;
const quarters = (page: ReviewPageBody) => page.items.map((review) => review.quarter);

onBothStores(({ http }) => {
  describe('views of quarterly reviews', () => {
    it('shows a review with its assessments, ETag and the log position it reflects', async () => {
      const { municipality, goals, q2 } = await reviewed(http);
      const response = await http().get(`/v1/reviews/${q2}`).expect(200);
      expect(response.body).toMatchObject({
        id: q2,
        municipalityId: municipality,
        quarter: '2013-Q2',
        heldOn: '2013-06-20',
        participants,
        summary: 'Stand der Umsetzung',
        assessments: [
          { goalId: goals[0], progress: 'on_track', note: 'Kooperationsvereinbarung in Arbeit', proposedStatus: null },
          { goalId: goals[1], progress: 'delayed', note: 'Personalwechsel', proposedStatus: null },
        ],
        declinedProposals: [],
        latestOccurredAt: '2013-06-20T00:00:00.000Z',
        revision: 0,
      });
      expect(response.headers).toMatchObject({ etag: '"0"', 'x-log-position': String(response.body.logPosition) });
      expect(response.body.logPosition).toBeGreaterThanOrEqual(response.body.position);
    });

    it('lists the reviews held by a date, and shows a review as known before its correction, byte for byte', async () => {
      const { municipality, q2, q3 } = await reviewed(http);
      expect(quarters(await listAt(http, municipality))).toEqual(['2013-Q2', '2013-Q3']);
      expect(quarters(await listAt(http, municipality, { asOf: '2013-07-01' }))).toEqual(['2013-Q2']);
      expect(quarters(await listAt(http, municipality, { asOf: '2013-06-19' }))).toEqual([]);
      expectProblem(await http().get(`/v1/reviews/${q3}`).query({ asOf: '2013-07-01' }), 404, 'review-not-found');

      const K = (await reviewAt(http, q2)).updatedAt;
      const asked = () => http().get(`/v1/reviews/${q2}`).query({ asOf: '2014-01-01', knownAt: K }).expect(200);
      const before = await asked();
      await http().post(`/v1/reviews/${q2}/corrections`).send({ revision: 0, changes: { summary: 'Stand der Umsetzung (korrigiert)' }, reason: 'Protokoll nachgereicht' }).expect(200);
      expect((await asked()).text).toBe(before.text);
      expect(before.body).toMatchObject({ summary: 'Stand der Umsetzung', revision: 0, knownAt: K });
      expect(await reviewAt(http, q2)).toMatchObject({ summary: 'Stand der Umsetzung (korrigiert)', revision: 1 });
      const listedThen = await listAt(http, municipality, { knownAt: K });
      expect(listedThen.items.map((review) => review.summary)).toEqual(['Stand der Umsetzung']);
    });

    it('counts a review by the day it was held once its heldOn is corrected', async () => {
      const { municipality, q2 } = await reviewed(http);
      await http().post(`/v1/reviews/${q2}/corrections`).send({ revision: 0, changes: { heldOn: '2013-08-05' }, reason: 'Termin laut Protokoll' }).expect(200);
      expect(quarters(await listAt(http, municipality, { asOf: '2013-07-01' }))).toEqual([]);
      expect(quarters(await listAt(http, municipality, { asOf: '2013-08-05' }))).toEqual(['2013-Q2']);
      expect(await reviewAt(http, q2)).toMatchObject({ heldOn: '2013-08-05', latestOccurredAt: '2013-08-05T00:00:00.000Z' });
    });

    it('filters by quarters and assessed goals, sorts, and pages by cursor', async () => {
      const { municipality, goals } = await reviewed(http);
      expect(quarters(await listAt(http, municipality, { sort: '-quarter' }))).toEqual(['2013-Q3', '2013-Q2']);
      expect(quarters(await listAt(http, municipality, { sort: '-heldOn', quarter: '2013-Q2,2014-Q1' }))).toEqual(['2013-Q2']);
      expect(quarters(await listAt(http, municipality, { goalId: goals[1] }))).toEqual(['2013-Q2']);
      expect(quarters(await listAt(http, municipality, { goalId: `${goals[1]},${goals[0]}` }))).toEqual(['2013-Q2', '2013-Q3']);
      const first = await listAt(http, municipality, { limit: '1', sort: 'heldOn' });
      expect(quarters(first)).toEqual(['2013-Q2']);
      const second = await listAt(http, municipality, { limit: '1', sort: 'heldOn', cursor: first.nextCursor ?? '' });
      expect([quarters(second), second.nextCursor]).toEqual([['2013-Q3'], null]);
    });

    it("shows a goal's assessments beside its own events in its history, as held by asOf and as known at knownAt", async () => {
      const { goals, q2, q3 } = await reviewed(http);
      const historyOf = async (goalId: string, query: Query = {}) => (await http().get(`/v1/goals/${goalId}/history`).query(query).expect(200)).body as HistoryWithAssessments;
      const brief = (history: HistoryWithAssessments) => history.assessments.map((a) => [a.reviewId, a.quarter, a.heldOn, a.progress, a.note]);
      const first = await historyOf(goals[0]);
      expect(first.items.map((entry) => entry.type)).toEqual(['GoalFormulated']);
      expect(brief(first)).toEqual([
        [q2, '2013-Q2', '2013-06-20', 'on_track', 'Kooperationsvereinbarung in Arbeit'],
        [q3, '2013-Q3', '2013-09-25', 'achieved', 'Vereinbarung unterzeichnet'],
      ]);
      expect(first.assessments[1]).toMatchObject({ proposedStatus: null, position: (await reviewAt(http, q3)).position });
      expect(brief(await historyOf(goals[1]))).toEqual([[q2, '2013-Q2', '2013-06-20', 'delayed', 'Personalwechsel']]);
      expect(brief(await historyOf(goals[0], { asOf: '2013-07-01' })).map(([reviewId]) => reviewId)).toEqual([q2]);

      const K = (await reviewAt(http, q3)).updatedAt;
      const corrected = [{ goalId: goals[0], progress: 'on_track', note: 'Vereinbarung noch nicht unterzeichnet', proposedStatus: null }];
      await http().post(`/v1/reviews/${q3}/corrections`).send({ revision: 0, changes: { assessments: corrected }, reason: 'Protokoll berichtigt' }).expect(200);
      expect(brief(await historyOf(goals[0], { knownAt: K })).at(-1)).toEqual([q3, '2013-Q3', '2013-09-25', 'achieved', 'Vereinbarung unterzeichnet']);
      const now = await historyOf(goals[0]);
      expect(brief(now).at(-1)).toEqual([q3, '2013-Q3', '2013-09-25', 'on_track', 'Vereinbarung noch nicht unterzeichnet']);
      expect(now.logPosition).toBe((await reviewAt(http, q3)).position);
    });

    it('answers the same after a rebuild of the reviews read model, corrections included', async () => {
      const { municipality, goals, q2 } = await reviewed(http);
      await http().post(`/v1/reviews/${q2}/corrections`).send({ revision: 0, changes: { heldOn: '2013-06-21' }, reason: 'Am Folgetag gehalten' }).expect(200);
      const read = async () => {
        const answers = [await listAt(http, municipality), await listAt(http, municipality, { asOf: '2013-06-20' }), (await http().get(`/v1/goals/${goals[0]}/history`).expect(200)).body];
        return answers.map(({ asOf: _asOf, knownAt: _knownAt, ...fields }) => fields);
      };
      const before = await read();
      expect(quarters(before[1] as ReviewPageBody)).toEqual([]);
      await http().post('/v1/admin/projections/reviews/rebuild').expect(202);
      const deadline = Date.now() + 10_000;
      while (((await http().get('/v1/admin/projections').expect(200)).body as { name: string; rebuild: unknown }[]).some((status) => status.rebuild !== null)) {
        if (Date.now() > deadline) throw new Error('the rebuild did not finish');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await caughtUp(http);
      expect(await read()).toEqual(before);
    });

    it('answers 404 for an unknown review or municipality, and 400 naming every malformed parameter', async () => {
      const { municipality } = await reviewed(http);
      expectProblem(await http().get(`/v1/reviews/${municipality}-2020-Q1`), 404, 'review-not-found');
      expectProblem(await http().get(`/v1/municipalities/nowhere-${uuid().slice(0, 8)}/reviews`), 404, 'municipality-not-found');
      expectProblem(await http().get(`/v1/municipalities/${municipality}/reviews`).query({ asOf: '2011-11-30' }), 404, 'municipality-not-found');
      const bad = await http().get(`/v1/municipalities/${municipality}/reviews`).query({ quarter: '2013-Q5', goalId: 'a b', sort: 'summary', knownAt: 'later' });
      expect(offending(bad)).toEqual(['query:goalId', 'query:knownAt', 'query:quarter', 'query:sort']);
      expect(offending(await http().get('/v1/reviews/not%20an%20id').query({ asOf: 'x' }))).toEqual(['path:id', 'query:asOf']);
    });
  });
});
