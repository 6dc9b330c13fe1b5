import { describe, expect, it } from '@jest/globals';
import { onBothStores } from '../support/both-stores.js';
import { enrolledMunicipality, expectProblem, goalBody, logHead, type Http } from '../support/e2e-http.js';

/** A goal of a municipality of its own, formulated in the model phase in autumn 2012. */
async function formulated(http: Http): Promise<{ municipality: string; goal: string }> {
  const municipality = await enrolledMunicipality(http, 'kreis-warendorf');
  const goal = goalBody({ municipalityId: municipality, themeArea: 'kita', occurredAt: '2012-11-15' });
  await http().post('/v1/goals').send(goal).expect(201);
  return { municipality, goal: goal.id };
}

/** An assessment of a goal in a quarterly review. */
const assessment = (goalId: string) => ({ goalId, progress: 'on_track', note: 'Kooperationsvereinbarung in Arbeit', proposedStatus: null });

/** A goal of a municipality of its own, assessed in its 2013-Q2 review, and a goal of another municipality. */
async function reviewed(http: Http) {
  const { municipality, goal } = await formulated(http);
  const other = await formulated(http);
  const review = { quarter: '2013-Q2', heldOn: '2013-06-20', participants: ['Landeskoordinierungsstelle'], summary: 'Stand', assessments: [assessment(goal)] };
  await http().post(`/v1/municipalities/${municipality}/reviews`).send(review).expect(201);
  return { municipality, goal, other };
}

/** Sends a correction that must be refused, and checks that it appended nothing. */
async function refused(http: Http, path: string, correction: object) {
  const head = await logHead(http);
  const response = await http().post(path).send(correction);
  const problem = expectProblem(response, 422, 'correction-invalid');
  expect(await logHead(http)).toBe(head);
  return problem.errors?.map(({ field }) => field);
}

onBothStores(({ http }) => {
  describe('a correction must still fit the registries', () => {
    it('refuses a formulation corrected to a theme area or social space the municipality does not have, naming each change', async () => {
      const { goal } = await formulated(http);
      const fields = await refused(http, `/v1/goals/${goal}/corrections`, {
        revision: 0,
        changes: { themeArea: 'no-such-theme', socialSpaceIds: ['muessingen', 'no-such-space'] },
        reason: 'Themenfeld laut Protokoll',
      });
      expect(fields).toEqual(['changes.themeArea', 'changes.socialSpaceIds.1']);
    });

    it('refuses a formulation moved to a day before the phase began and the municipality was enrolled, naming occurredAt', async () => {
      const { goal } = await formulated(http);
      const fields = await refused(http, `/v1/goals/${goal}/corrections`, { revision: 0, occurredAt: '2011-12-15', reason: 'Datum laut Protokoll' });
      expect(fields).toEqual(['occurredAt', 'occurredAt']);
    });

    it('accepts a formulation corrected to another theme area and social spaces of its municipality', async () => {
      const { goal } = await formulated(http);
      const correction = { revision: 0, changes: { themeArea: 'netzwerk', socialSpaceIds: ['einen'] }, reason: 'Themenfeld laut Protokoll' };
      await http().post(`/v1/goals/${goal}/corrections`).send(correction).expect(200);
      expect((await http().get(`/v1/goals/${goal}`).expect(200)).body).toMatchObject({ themeArea: 'netzwerk', socialSpaceIds: ['einen'] });
    });

    it('refuses a carry-over corrected to a theme area the municipality does not have in the new phase', async () => {
      const { goal } = await formulated(http);
      await http().post(`/v1/goals/${goal}/carry-over`).send({ toPhaseId: 'rollout', themeArea: 'kita', reason: 'Fortführung', occurredAt: '2016-02-01' }).expect(200);
      const fields = await refused(http, `/v1/goals/${goal}/corrections`, { revision: 1, changes: { themeArea: 'no-such-theme' }, reason: 'Themenfeld laut Protokoll' });
      expect(fields).toEqual(['changes.themeArea']);
      await http().post(`/v1/goals/${goal}/corrections`).send({ revision: 1, changes: { themeArea: 'netzwerk' }, reason: 'Themenfeld laut Protokoll' }).expect(200);
    });

    it("refuses a review corrected to assess another municipality's goal, naming the assessment", async () => {
      const { municipality, goal, other } = await reviewed(http);
      const fields = await refused(http, `/v1/reviews/${municipality}-2013-Q2/corrections`, {
        revision: 0,
        changes: { assessments: [assessment(goal), assessment(other.goal)] },
        reason: 'Protokoll ergänzt',
      });
      expect(fields).toEqual(['changes.assessments.1.goalId']);
    });

    it('refuses an enrolment corrected to a first day outside its phase, naming it', async () => {
      const municipality = await enrolledMunicipality(http, 'kreis-warendorf');
      // Revision 4: the enrolment in the model phase (after the registration and three social spaces), from 2012-01-01.
      const path = `/v1/municipalities/${municipality}/corrections`;
      expect(await refused(http, path, { revision: 4, changes: { from: '2020-01-01' }, reason: 'Datum laut Vereinbarung' })).toEqual(['changes.from']);
      await http().post(path).send({ revision: 4, changes: { from: '2012-03-01' }, reason: 'Datum laut Vereinbarung' }).expect(200);
    });

    it('ends an enrolment no later than its phase, and enrols again only after an earlier enrolment ended, also when corrected', async () => {
      const municipality = await enrolledMunicipality(http, 'kreis-warendorf');
      const path = `/v1/municipalities/${municipality}`;
      const end = (until: string, occurredAt: string) => http().post(`${path}/enrolments/kekiz/model/end`).send({ until, occurredAt });
      expectProblem(await end('2017-12-31', '2015-09-01'), 422, 'enrolment-dates-invalid');
      const ended = (await end('2014-06-30', '2014-06-30').expect(200)).body as { revision: number };
      expect(await refused(http, `${path}/corrections`, { revision: ended.revision, changes: { until: '2016-01-01' }, reason: 'Datum laut Vereinbarung' })).toEqual(['changes.until']);
      const enrol = (from: string) => http().post(`${path}/enrolments`).send({ programmeId: 'kekiz', phaseId: 'model', from, occurredAt: '2014-07-01' });
      expectProblem(await enrol('2013-01-01'), 409, 'already-enrolled');
      await enrol('2014-07-01').expect(201);
    });

    it('refuses a registration moved to a day before its Kreis was registered, naming occurredAt', async () => {
      const kreis = await enrolledMunicipality(http, 'kreis-warendorf');
      const town = `${kreis.replace('kreis-warendorf', 'stadt-ahlen')}`;
      await http().post('/v1/municipalities').send({ id: town, name: 'Ahlen', kind: 'Stadt', parentId: kreis, occurredAt: '2012-01-01' }).expect(201);
      const path = `/v1/municipalities/${town}/corrections`;
      expect(await refused(http, path, { revision: 0, occurredAt: '2011-06-01', reason: 'Datum laut Register' })).toEqual(['occurredAt']);
      await http().post(path).send({ revision: 0, occurredAt: '2011-12-15', reason: 'Datum laut Register' }).expect(200);
    });

    it('checks a retracted formulation brought back by a correction as a new one: its theme area and date must fit again', async () => {
      const { goal } = await formulated(http);
      const path = `/v1/goals/${goal}/corrections`;
      await http().post(path).send({ revision: 0, retract: true, reason: 'unter falscher Id erfasst' }).expect(200);
      expect(await refused(http, path, { revision: 0, changes: { themeArea: 'no-such-theme' }, reason: 'doch richtig erfasst' })).toEqual(['changes.themeArea']);
      expect(await refused(http, path, { revision: 0, occurredAt: '2011-12-15', reason: 'doch richtig erfasst' })).toEqual(['occurredAt', 'occurredAt']);
      await http().get(`/v1/goals/${goal}`).expect(404);
      await http().post(path).send({ revision: 0, changes: { themeArea: 'netzwerk' }, reason: 'doch richtig erfasst' }).expect(200);
      expect((await http().get(`/v1/goals/${goal}`).expect(200)).body).toMatchObject({ themeArea: 'netzwerk' });
    });

    it('keeps a corrected review on the day it was held, inside its quarter: refuses another world time or a heldOn outside the period', async () => {
      const { municipality } = await reviewed(http);
      const path = `/v1/reviews/${municipality}-2013-Q2/corrections`;
      expect(await refused(http, path, { revision: 0, occurredAt: '2012-01-01', reason: 'Datum' })).toEqual(['occurredAt']);
      expect(await refused(http, path, { revision: 0, changes: { heldOn: '2013-06-25' }, occurredAt: '2013-06-20', reason: 'Datum' })).toEqual(['occurredAt']);
      expect(await refused(http, path, { revision: 0, changes: { heldOn: '2013-12-01' }, reason: 'Datum' })).toEqual(['changes.heldOn']);
      await http().post(path).send({ revision: 0, changes: { heldOn: '2013-06-25' }, occurredAt: '2013-06-25T14:00:00Z', reason: 'Protokoll: 25.6.' }).expect(200);
    });

    it("checks a retracted review brought back by a correction: it cannot assess another municipality's goal", async () => {
      const { municipality, other } = await reviewed(http);
      const path = `/v1/reviews/${municipality}-2013-Q2/corrections`;
      await http().post(path).send({ revision: 0, retract: true, reason: 'falsches Quartal' }).expect(200);
      const fields = await refused(http, path, { revision: 0, changes: { assessments: [assessment(other.goal)] }, reason: 'doch gehalten' });
      expect(fields).toEqual(['changes.assessments.0.goalId']);
    });
  });
});
