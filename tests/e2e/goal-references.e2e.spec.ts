import { describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { enrolledMunicipality, expectProblem, goalBody, logHead, programmeOfOwn, type FormulateBody, type Http, type ProblemBody } from '../support/e2e-http.js';
import { TEST_PROGRAMME_ID } from '../support/test-registry.js';

const unique = (prefix: string) => `${prefix}-${uuid().slice(0, 8)}`;

/** One reference that does not fit, as a goal-references-invalid or carry-over-invalid problem names it. */
interface ReferenceError {
  field: string;
  message: string;
}

/** The error a problem gives for `field`, whose message mentions `mentioning` (the value that does not fit). */
const named = (field: string, mentioning: string) => ({ field, message: expect.stringContaining(mentioning) });

/** Sends a write that breaks a rule, asserts the problem it is answered with, and that the log head did not move. */
async function refused(http: Http, send: () => Promise<Response>, status: number, kind: string): Promise<ProblemBody> {
  const head = await logHead(http);
  const problem = expectProblem(await send(), status, kind);
  expect(await logHead(http)).toBe(head);
  return problem;
}

/** A formulation with the references goalBody leaves out: social spaces and a parent goal. */
type GoalRequest = FormulateBody & { id: string; socialSpaceIds?: string[]; parentGoalId?: string };
const goalRequest = (overrides: Partial<GoalRequest>): GoalRequest => ({ ...overrides, ...goalBody(overrides) });

/** Formulates a goal that must be refused with 422 goal-references-invalid and not come to exist; returns the errors named. */
async function refusedFormulation(http: Http, body: GoalRequest): Promise<ReferenceError[]> {
  const problem = await refused(http, () => http().post('/v1/goals').send(body), 422, 'goal-references-invalid');
  expectProblem(await http().get(`/v1/goals/${body.id}`), 404, 'goal-not-found');
  return problem.errors as unknown as ReferenceError[];
}

/** Carries a goal over, expecting the given problem; nothing is appended. */
const refusedCarryOver = (http: Http, goalId: string, body: object, status: number, kind: string) =>
  refused(http, () => http().post(`/v1/goals/${goalId}/carry-over`).send({ reason: 'Ausschuss 2016-09-26: Fortführung', occurredAt: '2016-09-26', ...body }), status, kind);

/** Formulates a goal of the municipality in the test programme (model phase, autumn 2012 unless overridden). */
async function formulated(http: Http, overrides: Partial<GoalRequest>): Promise<string> {
  const body = goalRequest({ themeArea: 'netzwerk', ...overrides });
  await http().post('/v1/goals').send(body).expect(201);
  return body.id;
}

/**
 * A Kreis of its own in one phase of the test programme: enrolled `from` a date (the enrolment recorded on
 * `recordedOn`, so that it is known before it begins), with the theme area `netzwerk` in that phase only.
 */
async function kreisEnrolledIn(http: Http, phaseId: string, from: string, recordedOn = from): Promise<string> {
  const id = unique('kreis-soest');
  await http().post('/v1/municipalities').send({ id, name: id, kind: 'Kreis', occurredAt: '2011-12-01' }).expect(201);
  await http().post(`/v1/municipalities/${id}/enrolments`).send({ programmeId: TEST_PROGRAMME_ID, phaseId, from, occurredAt: recordedOn }).expect(201);
  await http().post(`/v1/municipalities/${id}/theme-areas`).send({ programmeId: TEST_PROGRAMME_ID, phaseId, id: 'netzwerk', title: 'Netzwerk', occurredAt: recordedOn }).expect(201);
  return id;
}

onBothStores(({ http }) => {
  describe('a goal is formulated only with references that fit on its occurredAt (422 goal-references-invalid)', () => {
    it('refuses a programme that is not registered, naming programmeId (and the enrolment and theme area the municipality lacks in it)', async () => {
      const municipality = await enrolledMunicipality(http);
      const programmeId = unique('unbekannt');
      expect(await refusedFormulation(http, goalRequest({ municipalityId: municipality, programmeId }))).toEqual([
        named('programmeId', programmeId),
        named('municipalityId', 'not enrolled'),
        named('themeArea', 'bildungsnetzwerk-muessingen-einen-milte'),
      ]);
    });

    it('refuses a phase the programme does not have, naming phaseId (and the enrolment and theme area the municipality lacks in it)', async () => {
      const municipality = await enrolledMunicipality(http);
      expect(await refusedFormulation(http, goalRequest({ municipalityId: municipality, phaseId: 'pilot' }))).toEqual([
        named('phaseId', 'has no phase pilot'),
        named('municipalityId', 'not enrolled in phase pilot'),
        named('themeArea', 'in phase pilot'),
      ]);
    });

    it('refuses a phase that has not started on occurredAt, naming phaseId (and the enrolment not yet begun), and takes goals from its first day', async () => {
      const municipality = await enrolledMunicipality(http);
      const early = goalRequest({ municipalityId: municipality, phaseId: 'rollout', themeArea: 'netzwerk', occurredAt: '2015-12-31' });
      expect(await refusedFormulation(http, early)).toEqual([named('phaseId', 'takes no goals on 2015-12-31'), named('municipalityId', 'not enrolled in phase rollout on 2015-12-31')]);
      await formulated(http, { municipalityId: municipality, phaseId: 'rollout', occurredAt: '2016-01-01' });
    });

    it('refuses a phase closed before occurredAt, naming phaseId, and takes goals up to its last day', async () => {
      const municipality = unique('kreis-warendorf');
      const ids = await programmeOfOwn(http, [municipality]);
      await http().post(`/v1/programmes/${ids.programme}/phases/${ids.model}/close`).send({ endedOn: '2015-09-30', occurredAt: '2015-09-30' }).expect(200);
      const inModel = { programmeId: ids.programme, phaseId: ids.model, municipalityId: municipality };
      await formulated(http, { ...inModel, occurredAt: '2015-09-30' });
      expect(await refusedFormulation(http, goalRequest({ ...inModel, occurredAt: '2015-10-01' }))).toEqual([named('phaseId', `phase ${ids.model} (2012-01-01 – 2015-09-30) takes no goals on 2015-10-01`)]);
    });

    it('refuses a municipality that is not registered, naming municipalityId', async () => {
      const municipalityId = unique('kreis-nirgendwo');
      expect(await refusedFormulation(http, goalRequest({ municipalityId }))).toEqual([named('municipalityId', `municipality ${municipalityId} does not exist`)]);
    });

    it('refuses a municipality whose enrolment in the phase has not begun on occurredAt, naming municipalityId', async () => {
      const municipality = await kreisEnrolledIn(http, 'model', '2013-01-01', '2012-06-01');
      const early = goalRequest({ municipalityId: municipality, themeArea: 'netzwerk', occurredAt: '2012-12-31' });
      expect(await refusedFormulation(http, early)).toEqual([named('municipalityId', 'not enrolled in phase model on 2012-12-31')]);
      await formulated(http, { municipalityId: municipality, occurredAt: '2013-01-01' });
    });

    it('refuses a municipality whose enrolment in the phase ended before occurredAt, naming municipalityId', async () => {
      const municipality = await enrolledMunicipality(http);
      await http().post(`/v1/municipalities/${municipality}/enrolments/${TEST_PROGRAMME_ID}/model/end`).send({ until: '2014-12-31', occurredAt: '2014-12-31' }).expect(200);
      await formulated(http, { municipalityId: municipality, occurredAt: '2014-12-31' });
      const late = goalRequest({ municipalityId: municipality, themeArea: 'netzwerk', occurredAt: '2015-01-01' });
      expect(await refusedFormulation(http, late)).toEqual([named('municipalityId', 'not enrolled in phase model on 2015-01-01')]);
    });

    it('refuses a theme area the municipality does not have in the phase, naming themeArea', async () => {
      const municipality = await enrolledMunicipality(http);
      expect(await refusedFormulation(http, goalRequest({ municipalityId: municipality, themeArea: 'sport' }))).toEqual([named('themeArea', 'has no theme area sport in phase model')]);
    });

    it('refuses a social space of another municipality, naming it by its index in socialSpaceIds', async () => {
      const municipality = await enrolledMunicipality(http);
      const ahlen = unique('stadt-ahlen');
      await http().post('/v1/municipalities').send({ id: ahlen, name: 'Ahlen', kind: 'Stadt', occurredAt: '2012-01-01' }).expect(201);
      await http().post(`/v1/municipalities/${ahlen}/social-spaces`).send({ id: 'ahlen-sued', name: 'Ahlen-Süd', occurredAt: '2012-03-01' }).expect(201);
      const body = goalRequest({ municipalityId: municipality, socialSpaceIds: ['muessingen', 'ahlen-sued'] });
      expect(await refusedFormulation(http, body)).toEqual([named('socialSpaceIds.1', 'has no social space ahlen-sued')]);
    });

    it('refuses a social space retired on or before occurredAt, naming it by its index in socialSpaceIds', async () => {
      const municipality = await enrolledMunicipality(http);
      await http().post(`/v1/municipalities/${municipality}/social-spaces/einen/retire`).send({ occurredAt: '2013-01-01' }).expect(200);
      await formulated(http, { municipalityId: municipality, occurredAt: '2012-12-31', socialSpaceIds: ['einen'] });
      const body = goalRequest({ municipalityId: municipality, occurredAt: '2013-01-01', socialSpaceIds: ['einen', 'milte'] });
      expect(await refusedFormulation(http, body)).toEqual([named('socialSpaceIds.0', 'social space einen was retired on 2013-01-01')]);
    });

    it('refuses a parent goal of another municipality, naming parentGoalId', async () => {
      const [municipality, other] = [await enrolledMunicipality(http), await enrolledMunicipality(http, 'kreis-unna')];
      const parent = await formulated(http, { municipalityId: other, occurredAt: '2012-10-15' });
      const child = goalRequest({ municipalityId: municipality, occurredAt: '2012-11-15', parentGoalId: parent });
      expect(await refusedFormulation(http, child)).toEqual([named('parentGoalId', `belongs to ${other} in phase model`)]);
    });

    it('refuses a parent goal of another phase, naming parentGoalId', async () => {
      const municipality = await enrolledMunicipality(http);
      const parent = await formulated(http, { municipalityId: municipality, occurredAt: '2012-10-15' });
      const child = goalRequest({ municipalityId: municipality, phaseId: 'rollout', themeArea: 'netzwerk', occurredAt: '2016-02-01', parentGoalId: parent });
      expect(await refusedFormulation(http, child)).toEqual([named('parentGoalId', `belongs to ${municipality} in phase model, not ${municipality} in rollout`)]);
    });

    it('refuses a parent goal that does not exist, or the goal itself, naming parentGoalId', async () => {
      const municipality = await enrolledMunicipality(http);
      const missing = unique('gibt-es-nicht');
      expect(await refusedFormulation(http, goalRequest({ municipalityId: municipality, parentGoalId: missing }))).toEqual([named('parentGoalId', `goal ${missing} does not exist`)]);
      const id = unique('selbst');
      expect(await refusedFormulation(http, goalRequest({ id, municipalityId: municipality, parentGoalId: id }))).toEqual([named('parentGoalId', 'its own parent')]);
    });

    it('names every field that does not fit in one answer', async () => {
      const municipality = await enrolledMunicipality(http);
      const body = goalRequest({
        municipalityId: municipality,
        phaseId: 'rollout',
        occurredAt: '2015-06-01',
        themeArea: 'sport',
        socialSpaceIds: ['muessingen', 'nirgendwo'],
        parentGoalId: unique('gibt-es-nicht'),
      });
      const errors = await refusedFormulation(http, body);
      expect(errors.map((error) => error.field).sort()).toEqual(['municipalityId', 'parentGoalId', 'phaseId', 'socialSpaceIds.1', 'themeArea']);
    });
  });

  describe('a goal is carried over only into a later phase its municipality is enrolled in', () => {
    it('refuses a phase the municipality is not enrolled in with 422 carry-over-invalid, naming toPhaseId and the theme area it lacks there', async () => {
      const municipality = await kreisEnrolledIn(http, 'model', '2012-01-01');
      const goal = await formulated(http, { municipalityId: municipality });
      const problem = await refusedCarryOver(http, goal, { toPhaseId: 'rollout' }, 422, 'carry-over-invalid');
      expect(problem.errors).toEqual([named('toPhaseId', 'not enrolled in phase rollout on 2016-09-26'), named('themeArea', 'has no theme area netzwerk in phase rollout')]);
      expect((await http().get(`/v1/goals/${goal}`).expect(200)).body).toMatchObject({ phaseId: 'model', revision: 0 });
    });

    it('refuses a phase whose enrolment ended before the carry-over with 422 carry-over-invalid, naming toPhaseId', async () => {
      const municipality = await enrolledMunicipality(http);
      const goal = await formulated(http, { municipalityId: municipality });
      await http().post(`/v1/municipalities/${municipality}/enrolments/${TEST_PROGRAMME_ID}/rollout/end`).send({ until: '2016-06-30', occurredAt: '2016-06-30' }).expect(200);
      const problem = await refusedCarryOver(http, goal, { toPhaseId: 'rollout' }, 422, 'carry-over-invalid');
      expect(problem.errors).toEqual([named('toPhaseId', 'not enrolled in phase rollout on 2016-09-26')]);
      await http().post(`/v1/goals/${goal}/carry-over`).send({ toPhaseId: 'rollout', reason: 'noch im Roll-out', occurredAt: '2016-06-30' }).expect(200);
    });

    it('refuses a discontinued goal with 409 goal-discontinued, naming the goal', async () => {
      const municipality = await enrolledMunicipality(http);
      const goal = await formulated(http, { municipalityId: municipality });
      await http().post(`/v1/goals/${goal}/status`).send({ status: 'discontinued', reason: 'Förderung ausgelaufen', occurredAt: '2015-06-01' }).expect(200);
      const problem = await refusedCarryOver(http, goal, { toPhaseId: 'rollout' }, 409, 'goal-discontinued');
      expect(problem.goalId).toBe(goal);
      expect((await http().get(`/v1/goals/${goal}`).expect(200)).body).toMatchObject({ phaseId: 'model', status: 'discontinued', revision: 1 });
    });
  });
});
