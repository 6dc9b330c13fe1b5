import { describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { enrolledMunicipality, expectProblem, goalBody, type Http } from '../support/e2e-http.js';

const unique = (prefix: string) => `${prefix}-${uuid().slice(0, 8)}`;

/** A municipality with one goal formulated in autumn 2012. */
async function municipalityWithGoal(http: Http): Promise<{ municipality: string; goal: string }> {
  const municipality = await enrolledMunicipality(http, 'kreis-warendorf');
  const goal = goalBody({ municipalityId: municipality, occurredAt: '2012-11-15' });
  await http().post('/v1/goals').send(goal).expect(201);
  return { municipality, goal: goal.id };
}

const review = (goalId: string, overrides: object = {}) => ({
  quarter: '2013-Q2',
  heldOn: '2013-06-20',
  participants: ['Landeskoordinierungsstelle KeKiZ', 'Amt für Kinder, Jugendliche und Familien'],
  summary: 'Stand der Umsetzung',
  assessments: [{ goalId, progress: 'on_track', note: 'Kooperationsvereinbarung in Arbeit' }],
  ...overrides,
});

onBothStores(({ http, instances }) => {
  describe('quarterly reviews', () => {
    it('records a review under the id {municipality}-{quarter}', async () => {
      const { municipality, goal } = await municipalityWithGoal(http);
      const response = await http().post(`/v1/municipalities/${municipality}/reviews`).send(review(goal)).expect(201);
      expect(response.headers.location).toBe(`/v1/reviews/${municipality}-2013-Q2`);
      expect(response.body).toMatchObject({ id: `${municipality}-2013-Q2`, revision: 0 });
    });

    it('records exactly one of three reviews of the same quarter sent at once; the others get 409 review-already-held', async () => {
      const { municipality, goal } = await municipalityWithGoal(http);
      const responses = await Promise.all(
        [0, 1, 2].map((i) => instances[i % instances.length]().post(`/v1/municipalities/${municipality}/reviews`).send(review(goal, { heldOn: `2013-06-2${i}` }))),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const response of responses.filter((r) => r.status === 409)) expectProblem(response, 409, 'review-already-held');
    });

    it('refuses a review held after the six weeks that follow its quarter, naming heldOn', async () => {
      const { municipality, goal } = await municipalityWithGoal(http);
      const late = await http().post(`/v1/municipalities/${municipality}/reviews`).send(review(goal, { heldOn: '2013-08-12' }));
      expect(expectProblem(late, 422, 'review-date-invalid')).toMatchObject({ field: 'heldOn', latestReviewDay: '2013-08-11' });
    });

    it('refuses goals of another municipality and goals formulated after the quarter, naming each', async () => {
      const { municipality, goal } = await municipalityWithGoal(http);
      const other = await municipalityWithGoal(http);
      const later = goalBody({ municipalityId: municipality, occurredAt: '2013-07-01' });
      await http().post('/v1/goals').send(later).expect(201);
      const assessments = [goal, other.goal, later.id].map((goalId) => ({ goalId, progress: 'delayed' }));
      const response = await http().post(`/v1/municipalities/${municipality}/reviews`).send(review(goal, { assessments }));
      expect(expectProblem(response, 422, 'review-goals-invalid').errors).toEqual([
        { field: 'assessments.1.goalId', message: `goal ${other.goal} belongs to ${other.municipality}` },
        { field: 'assessments.2.goalId', message: `goal ${later.id} did not exist by the end of 2013-Q2` },
      ]);
    });

    it('names every invalid field of a review, nested ones included', async () => {
      const response = await http()
        .post('/v1/municipalities/kreis-warendorf/reviews')
        .send({ quarter: '2013-Q5', heldOn: '2013-06-31', participants: ['ok', ''], assessments: [{ goalId: 'g', progress: 'great', proposedStatus: 'done' }] });
      expect(expectProblem(response, 400, 'validation-failed').errors?.map((e) => e.field).sort()).toEqual([
        'assessments.0.progress',
        'assessments.0.proposedStatus',
        'heldOn',
        'participants',
        'quarter',
      ]);
    });

    it('refuses a review of a municipality that is not registered', async () => {
      const goal = goalBody();
      await http().post('/v1/goals').send(goal).expect(201);
      expectProblem(await http().post(`/v1/municipalities/${unique('nowhere')}/reviews`).send(review(goal.id)), 404, 'municipality-not-found');
    });
  });
});
