import { describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { expectProblem, type Http } from '../support/e2e-http.js';

const unique = (prefix: string) => `${prefix}-${uuid().slice(0, 8)}`;

async function programmeWithModelPhase(http: Http): Promise<string> {
  const id = unique('kekiz');
  await http().post('/v1/programmes').send({ id, name: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor', occurredAt: '2011-12-01' }).expect(201);
  await http()
    .post(`/v1/programmes/${id}/phases`)
    .send({ id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', occurredAt: '2012-01-01' })
    .expect(201);
  return id;
}

onBothStores(({ http, instances }) => {
  describe('programmes and phases', () => {
    it('registers a programme, opens its phases and closes one, answering with Location and the revision', async () => {
      const id = await programmeWithModelPhase(http);
      const rollout = await http()
        .post(`/v1/programmes/${id}/phases`)
        .send({ id: 'rollout', kind: 'rollout', title: 'Landesweiter Roll-out', startsOn: '2016-01-01', occurredAt: '2015-12-01' })
        .expect(201);
      expect(rollout.headers.location).toBe(`/v1/programmes/${id}/phases/rollout`);
      expect(rollout.body).toMatchObject({ id, revision: 2 });
      await http().post(`/v1/programmes/${id}/phases/model/close`).send({ endedOn: '2015-09-30', occurredAt: '2015-09-30' }).expect(200);
    });

    it('refuses a phase that overlaps another with 409 phase-overlaps, and a second closure', async () => {
      const id = await programmeWithModelPhase(http);
      const overlap = await http().post(`/v1/programmes/${id}/phases`).send({ id: 'rollout', kind: 'rollout', title: 'Roll-out', startsOn: '2015-06-01', occurredAt: '2015-06-01' });
      expect(expectProblem(overlap, 409, 'phase-overlaps')).toMatchObject({ phaseId: 'rollout', overlappingPhaseId: 'model' });
      await http().post(`/v1/programmes/${id}/phases/model/close`).send({ endedOn: '2015-09-30', occurredAt: '2015-09-30' }).expect(200);
      expectProblem(await http().post(`/v1/programmes/${id}/phases/model/close`).send({ endedOn: '2015-10-30', occurredAt: '2015-10-30' }), 409, 'phase-already-closed');
    });

    it('names every invalid field of a phase', async () => {
      const response = await http().post('/v1/programmes/x/phases').send({ id: 'not an id', kind: 'pilot', title: '', startsOn: '2015-02-30', occurredAt: 'today' });
      expect(expectProblem(response, 400, 'validation-failed').errors?.map((e) => e.field).sort()).toEqual(['id', 'kind', 'occurredAt', 'startsOn', 'title']);
    });
  });

  describe('municipalities', () => {
    it('registers a Kreis and a town inside it, refusing a parent that is not a Kreis', async () => {
      const kreis = unique('kreis-warendorf');
      await http().post('/v1/municipalities').send({ id: kreis, name: 'Kreis Warendorf', kind: 'Kreis', occurredAt: '2012-01-01' }).expect(201);
      const town = unique('stadt-ahlen');
      await http().post('/v1/municipalities').send({ id: town, name: 'Ahlen', kind: 'Stadt', parentId: kreis, occurredAt: '2012-01-01' }).expect(201);
      const bad = await http().post('/v1/municipalities').send({ id: unique('x'), name: 'X', kind: 'Gemeinde', parentId: town, occurredAt: '2012-01-01' });
      expectProblem(bad, 422, 'parent-invalid');
    });

    it('gives an official key (AGS) to exactly one of two municipalities registered at once', async () => {
      const ags = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
      const register = (i: number) =>
        instances[i % instances.length]()
          .post('/v1/municipalities')
          .send({ id: unique(`gemeinde-${i}`), name: `Gemeinde ${i}`, kind: 'Gemeinde', ags, occurredAt: '2012-01-01' });
      const responses = await Promise.all([0, 1, 2, 3].map(register));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const response of responses.filter((r) => r.status === 409)) expectProblem(response, 409, 'ags-taken');
    });

    it('frees an official key whose registration was retracted, and a registration brought back must hold its key again', async () => {
      const ags = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
      const [typo, right] = [unique('stadt-ahlen-typo'), unique('stadt-ahlen')];
      await http().post('/v1/municipalities').send({ id: typo, name: 'Ahlen', kind: 'Stadt', ags, occurredAt: '2012-01-01' }).expect(201);
      await http().post(`/v1/municipalities/${typo}/corrections`).send({ revision: 0, retract: true, reason: 'unter falscher Id erfasst' }).expect(200);
      await http().post('/v1/municipalities').send({ id: right, name: 'Ahlen', kind: 'Stadt', ags, occurredAt: '2012-01-01' }).expect(201);
      const restored = await http().post(`/v1/municipalities/${typo}/corrections`).send({ revision: 0, changes: { name: 'Ahlen (Westf.)' }, reason: 'doch richtig erfasst' });
      expectProblem(restored, 409, 'ags-taken');
      await http().get(`/v1/municipalities/${typo}`).expect(404);
      expect((await http().get(`/v1/municipalities/${right}`).expect(200)).body).toMatchObject({ ags });
    });

    it('adds, renames and retires social spaces, enrols in a phase and defines a theme area', async () => {
      const programme = await programmeWithModelPhase(http);
      const id = unique('kreis-warendorf');
      await http().post('/v1/municipalities').send({ id, name: 'Kreis Warendorf', kind: 'Kreis', occurredAt: '2012-01-01' }).expect(201);
      for (const [space, name] of [['muessingen', 'Müssingen'], ['einen', 'Einen'], ['milte', 'Milte']]) {
        await http().post(`/v1/municipalities/${id}/social-spaces`).send({ id: space, name, occurredAt: '2012-03-01' }).expect(201);
      }
      await http().post(`/v1/municipalities/${id}/social-spaces/milte/rename`).send({ name: 'Milte (Warendorf)', occurredAt: '2013-01-01' }).expect(200);
      await http().post(`/v1/municipalities/${id}/social-spaces/einen/retire`).send({ occurredAt: '2016-01-01' }).expect(200);
      expectProblem(await http().post(`/v1/municipalities/${id}/social-spaces/einen/rename`).send({ name: 'E', occurredAt: '2016-02-01' }), 409, 'social-space-retired');
      const theme = { programmeId: programme, phaseId: 'model', id: 'ben', title: 'Bildungs- und Erziehungsnetzwerk (BEN)', occurredAt: '2012-10-01' };
      expectProblem(await http().post(`/v1/municipalities/${id}/theme-areas`).send(theme), 409, 'not-enrolled');
      await http().post(`/v1/municipalities/${id}/enrolments`).send({ programmeId: programme, phaseId: 'model', from: '2012-02-01', occurredAt: '2012-02-01' }).expect(201);
      await http().post(`/v1/municipalities/${id}/theme-areas`).send(theme).expect(201);
      const early = await http().post(`/v1/municipalities/${id}/enrolments`).send({ programmeId: programme, phaseId: 'model', from: '2012-03-01', occurredAt: '2012-03-01' });
      expectProblem(early, 409, 'already-enrolled');
    });

    it('refuses an enrolment outside the phase, in an unknown phase, or of an unknown programme', async () => {
      const programme = await programmeWithModelPhase(http);
      const id = unique('kreis-unna');
      await http().post('/v1/municipalities').send({ id, name: 'Kreis Unna', kind: 'Kreis', occurredAt: '2012-01-01' }).expect(201);
      const enrol = (body: object) => http().post(`/v1/municipalities/${id}/enrolments`).send({ programmeId: programme, phaseId: 'model', from: '2012-02-01', occurredAt: '2012-02-01', ...body });
      expectProblem(await enrol({ from: '2016-02-01' }), 422, 'enrolment-dates-invalid');
      expectProblem(await enrol({ phaseId: 'rollout' }), 404, 'phase-not-found');
      expectProblem(await enrol({ programmeId: 'nope' }), 404, 'programme-not-found');
    });
  });
});
