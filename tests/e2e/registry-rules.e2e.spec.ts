import { describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { enrolledMunicipality, expectProblem, goalBody, logHead, offending, programmeOfOwn, type Http, type ProblemBody } from '../support/e2e-http.js';
import { TEST_PROGRAMME_ID } from '../support/test-registry.js';

const unique = (prefix: string) => `${prefix}-${uuid().slice(0, 8)}`;

/** Sends a write that breaks a rule, asserts the problem it is answered with, and that the log head did not move. */
async function refused(http: Http, send: () => Promise<Response>, status: number, kind: string): Promise<ProblemBody> {
  const head = await logHead(http);
  const problem = expectProblem(await send(), status, kind);
  expect(await logHead(http)).toBe(head);
  return problem;
}

const endEnrolment = (http: Http, municipality: string, phaseId: string, until: string, occurredAt = until) =>
  http().post(`/v1/municipalities/${municipality}/enrolments/${TEST_PROGRAMME_ID}/${phaseId}/end`).send({ until, occurredAt });

const enrolmentsOf = async (http: Http, municipality: string, query: Record<string, string> = {}) =>
  (await http().get(`/v1/municipalities/${municipality}`).query(query).expect(200)).body.enrolments as unknown[];

const review = (goalId: string, quarter: string, heldOn: string) => ({
  quarter,
  heldOn,
  participants: ['Landeskoordinierungsstelle KeKiZ', 'Amt für Kinder, Jugendliche und Familien'],
  summary: 'Stand der Umsetzung',
  assessments: [{ goalId, progress: 'delayed', note: 'Förderung unsicher' }],
});

const municipalityBody = (overrides: object) => ({ id: unique('gemeinde-everswinkel'), name: 'Everswinkel', kind: 'Gemeinde', occurredAt: '2012-01-01', ...overrides });

/** An AGS of `digits` digits that no other test registers. */
const freshAgs = (digits: 5 | 8) => String(Math.floor(10 ** (digits - 1) + Math.random() * 9 * 10 ** (digits - 1)));

onBothStores(({ http }) => {
  describe('an enrolment ends on its last day in the phase', () => {
    it('shows the end in the municipality view from that day on, and refuses goals dated after it while taking goals up to it', async () => {
      const municipality = await enrolledMunicipality(http);
      const ended = await endEnrolment(http, municipality, 'model', '2014-12-31').expect(200);
      expect(ended.body).toMatchObject({ id: municipality });
      expect(await enrolmentsOf(http, municipality)).toEqual([
        { programmeId: TEST_PROGRAMME_ID, phaseId: 'model', from: '2012-01-01', until: '2014-12-31' },
        { programmeId: TEST_PROGRAMME_ID, phaseId: 'rollout', from: '2016-01-01', until: null },
      ]);
      expect(await enrolmentsOf(http, municipality, { asOf: '2014-12-30' })).toContainEqual({ programmeId: TEST_PROGRAMME_ID, phaseId: 'model', from: '2012-01-01', until: null });

      await http().post('/v1/goals').send(goalBody({ municipalityId: municipality, occurredAt: '2014-12-31' })).expect(201);
      const late = goalBody({ municipalityId: municipality, occurredAt: '2015-01-01' });
      const problem = await refused(http, () => http().post('/v1/goals').send(late), 422, 'goal-references-invalid');
      expect(problem.errors).toEqual([{ field: 'municipalityId', message: expect.stringContaining('not enrolled in phase model on 2015-01-01') }]);
    });

    it('refuses an end recorded after the last day it names with 422 occurred-after-end, naming occurredAt', async () => {
      const municipality = await enrolledMunicipality(http);
      const problem = await refused(http, () => endEnrolment(http, municipality, 'model', '2014-12-31', '2015-03-01'), 422, 'occurred-after-end');
      expect(problem).toMatchObject({ field: 'occurredAt', until: '2014-12-31' });
      expect(await enrolmentsOf(http, municipality)).toContainEqual({ programmeId: TEST_PROGRAMME_ID, phaseId: 'model', from: '2012-01-01', until: null });
    });

    it('refuses to end an enrolment before the day it began with 422 enrolment-dates-invalid, naming until', async () => {
      const municipality = await enrolledMunicipality(http);
      const problem = await refused(http, () => endEnrolment(http, municipality, 'model', '2011-12-31', '2012-01-01'), 422, 'enrolment-dates-invalid');
      expect(problem).toMatchObject({ phaseId: 'model', until: '2011-12-31' });
      expect(await enrolmentsOf(http, municipality)).toContainEqual({ programmeId: TEST_PROGRAMME_ID, phaseId: 'model', from: '2012-01-01', until: null });
    });

    it('refuses to end an enrolment that ended already, or one the municipality never had, with 409 not-enrolled', async () => {
      const municipality = await enrolledMunicipality(http);
      await endEnrolment(http, municipality, 'model', '2014-12-31').expect(200);
      expect(await refused(http, () => endEnrolment(http, municipality, 'model', '2015-06-30'), 409, 'not-enrolled')).toMatchObject({ programmeId: TEST_PROGRAMME_ID, phaseId: 'model' });
      expect(await refused(http, () => endEnrolment(http, municipality, 'pilot', '2015-06-30'), 409, 'not-enrolled')).toMatchObject({ programmeId: TEST_PROGRAMME_ID, phaseId: 'pilot' });
    });
  });

  describe('a phase closes on its last day', () => {
    it('refuses a closure recorded after the last day it names with 422 occurred-after-end, naming occurredAt, and takes it backdated to that day', async () => {
      const ids = await programmeOfOwn(http, [unique('kreis-warendorf')]);
      const close = (occurredAt: string) => http().post(`/v1/programmes/${ids.programme}/phases/${ids.model}/close`).send({ endedOn: '2015-09-30', occurredAt });
      const problem = await refused(http, () => close('2015-12-01'), 422, 'occurred-after-end');
      expect(problem).toMatchObject({ field: 'occurredAt', endedOn: '2015-09-30' });
      await close('2015-09-30').expect(200);
      const phases = (await http().get(`/v1/programmes/${ids.programme}`).query({ asOf: '2015-10-01' }).expect(200)).body.phases as { id: string; endedOn: string | null }[];
      expect(phases.find((phase) => phase.id === ids.model)?.endedOn).toBe('2015-09-30');
    });
  });

  describe('a theme area key is unique per municipality and phase', () => {
    it('refuses a key the municipality already has in the phase with 409 theme-area-already-exists, and takes it in another phase', async () => {
      const municipality = await enrolledMunicipality(http);
      const themeArea = (phaseId: string, title: string) =>
        http().post(`/v1/municipalities/${municipality}/theme-areas`).send({ programmeId: TEST_PROGRAMME_ID, phaseId, id: 'sport', title, occurredAt: '2012-10-01' });
      await themeArea('model', 'Bewegung und Sport').expect(201);
      const problem = await refused(http, () => themeArea('model', 'Sport im Quartier'), 409, 'theme-area-already-exists');
      expect(problem).toMatchObject({ themeAreaId: 'sport', phaseId: 'model' });
      await themeArea('rollout', 'Sport im Quartier').expect(201);
      const { themeAreas } = (await http().get(`/v1/municipalities/${municipality}`).expect(200)).body as { themeAreas: { phaseId: string; id: string; title: string }[] };
      expect(themeAreas.filter((area) => area.id === 'sport')).toEqual([
        expect.objectContaining({ phaseId: 'model', title: 'Bewegung und Sport' }),
        expect.objectContaining({ phaseId: 'rollout', title: 'Sport im Quartier' }),
      ]);
    });
  });

  describe('a quarterly review assesses goals active in its quarter', () => {
    it('refuses a goal discontinued before the quarter with 422 review-goals-invalid, naming the assessment; one discontinued during it may be assessed', async () => {
      const municipality = await enrolledMunicipality(http);
      const goal = goalBody({ municipalityId: municipality, occurredAt: '2012-11-15' });
      await http().post('/v1/goals').send(goal).expect(201);
      await http().post(`/v1/goals/${goal.id}/status`).send({ status: 'discontinued', reason: 'Förderung ausgelaufen', occurredAt: '2013-02-01' }).expect(200);
      const reviews = `/v1/municipalities/${municipality}/reviews`;

      const problem = await refused(http, () => http().post(reviews).send(review(goal.id, '2013-Q2', '2013-06-20')), 422, 'review-goals-invalid');
      expect(problem.errors).toEqual([{ field: 'assessments.0.goalId', message: `goal ${goal.id} was discontinued before 2013-Q2` }]);
      expectProblem(await http().get(`/v1/reviews/${municipality}-2013-Q2`), 404, 'review-not-found');
      await http().post(reviews).send(review(goal.id, '2013-Q1', '2013-03-20')).expect(201);
    });
  });

  describe('registering a municipality', () => {
    it('refuses an official key (AGS) that is not 5 or 8 digits with 400 validation-failed, naming ags', async () => {
      for (const ags of ['1234', '123456', '1234567', '123456789', '0557O', ' 05570']) {
        const body = municipalityBody({ ags });
        const response = await refused(http, () => http().post('/v1/municipalities').send(body), 400, 'validation-failed');
        expect(response.errors).toEqual([{ location: 'body', field: 'ags', messages: ['ags must be 5 or 8 digits'] }]);
        expectProblem(await http().get(`/v1/municipalities/${body.id}`), 404, 'municipality-not-found');
      }
      for (const [kind, ags] of [['Kreis', freshAgs(5)], ['Gemeinde', freshAgs(8)]]) {
        const body = municipalityBody({ kind, ags });
        await http().post('/v1/municipalities').send(body).expect(201);
        expect((await http().get(`/v1/municipalities/${body.id}`).expect(200)).body).toMatchObject({ ags });
      }
    });

    it('refuses a kind other than Kreis, kreisfreie Stadt, Stadt or Gemeinde with 400 validation-failed, naming kind', async () => {
      for (const kind of ['Landkreis', 'kreis', 'Stadtteil', '']) {
        const body = municipalityBody({ kind });
        const problem = await refused(http, () => http().post('/v1/municipalities').send(body), 400, 'validation-failed');
        expect(problem.errors).toEqual([{ location: 'body', field: 'kind', messages: ['kind must be one of Kreis, kreisfreie Stadt, Stadt, Gemeinde'] }]);
        expectProblem(await http().get(`/v1/municipalities/${body.id}`), 404, 'municipality-not-found');
      }
    });

    it('refuses an official key of the wrong length for its kind, or a kreisfreie Stadt inside a Kreis, with 422', async () => {
      const kreis = await enrolledMunicipality(http);
      const head = await logHead(http);
      const ags = expectProblem(await http().post('/v1/municipalities').send(municipalityBody({ kind: 'Gemeinde', ags: freshAgs(5) })), 422, 'ags-invalid');
      expect(ags.errors?.map(({ field }) => field)).toEqual(['ags']);
      expectProblem(await http().post('/v1/municipalities').send(municipalityBody({ kind: 'kreisfreie Stadt', parentId: kreis })), 422, 'parent-invalid');
      expect(await logHead(http)).toBe(head);
    });

    it('names both ags and kind when both are invalid', async () => {
      const head = await logHead(http);
      expect(offending(await http().post('/v1/municipalities').send(municipalityBody({ ags: '123', kind: 'Bezirk' })))).toEqual(['body:ags', 'body:kind']);
      expect(await logHead(http)).toBe(head);
    });
  });
});
