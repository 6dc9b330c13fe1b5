import { describe, expect, it } from '@jest/globals';
import { onBothStores } from '../support/both-stores.js';
import { caughtUp, enrolledMunicipality, goalBody, goalOf, historyOf, type Http } from '../support/e2e-http.js';
import { issueApiKey } from '../support/access.js';

interface LogEvent {
  id: string;
  type: string;
  position: number;
  data: Record<string, unknown>;
  metadata: { actor: string; correlationId: string; causationId: string | null; occurredAt: string };
}

/** A municipality of the test's own with goals formulated in autumn 2012 (all `agreed`). */
async function municipalityWithGoals(http: Http, count: number): Promise<{ municipality: string; goals: string[] }> {
  const municipality = await enrolledMunicipality(http, 'kreis-warendorf');
  const goals: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const goal = goalBody({ municipalityId: municipality, occurredAt: '2012-11-15' });
    await http().post('/v1/goals').send(goal).expect(201);
    goals.push(goal.id);
  }
  return { municipality, goals };
}

const review = (assessments: object[], overrides: object = {}) => ({
  quarter: '2013-Q2',
  heldOn: '2013-06-20',
  participants: ['Landeskoordinierungsstelle KeKiZ'],
  summary: 'Stand der Umsetzung',
  assessments,
  ...overrides,
});

async function eventsOf(http: Http, stream: string): Promise<LogEvent[]> {
  return (await http().get('/v1/events').query({ stream }).expect(200)).body.items as LogEvent[];
}

onBothStores(({ http }) => {
  describe('a review proposing statuses', () => {
    it("changes the goal's status, caused by the review event and in the review's correlation", async () => {
      const { municipality, goals } = await municipalityWithGoals(http, 2);
      const [proposed, assessedOnly] = goals;
      const assessments = [
        { goalId: proposed, progress: 'on_track', note: 'Kooperationsvereinbarung unterzeichnet', proposedStatus: 'in_progress' },
        { goalId: assessedOnly, progress: 'delayed' },
      ];
      const office = await issueApiKey(http, { role: 'coordinator' });
      await http()
        .post(`/v1/municipalities/${municipality}/reviews`)
        .set({ ...office.headers, 'X-Correlation-Id': 'quartalsgespraech-2013-q2' })
        .send(review(assessments))
        .expect(201);
      await caughtUp(http);

      const [held] = await eventsOf(http, `review-${municipality}-2013-Q2`);
      expect(held.type).toBe('QuarterlyReviewHeld');
      expect(await goalOf(http, proposed)).toMatchObject({ status: 'in_progress' });
      expect(await goalOf(http, assessedOnly)).toMatchObject({ status: 'agreed' });
      const changes = (await historyOf(http, proposed)).filter((entry) => entry.type === 'GoalStatusChanged');
      expect(changes).toEqual([
        expect.objectContaining({
          occurredAt: '2013-06-20T00:00:00.000Z',
          actor: office.actor,
          correlationId: 'quartalsgespraech-2013-q2',
          causationId: held.id,
          reason: `Proposed by the quarterly review ${municipality}-2013-Q2 held on 2013-06-20: Kooperationsvereinbarung unterzeichnet`,
        }),
      ]);
    });

    it('records a proposal the workflow forbids as declined on the review, leaves the goal alone and settles the next one', async () => {
      const { municipality, goals } = await municipalityWithGoals(http, 2);
      const [reached, next] = goals;
      await http().post(`/v1/goals/${reached}/status`).send({ status: 'implemented', reason: 'Kooperationsverbund steht', occurredAt: '2013-05-02' }).expect(200);
      const assessments = [
        { goalId: reached, progress: 'delayed', proposedStatus: 'in_progress' },
        { goalId: next, progress: 'on_track', proposedStatus: 'in_progress' },
      ];
      await http().post(`/v1/municipalities/${municipality}/reviews`).send(review(assessments)).expect(201);
      await caughtUp(http);

      expect(await goalOf(http, reached)).toMatchObject({ status: 'implemented' });
      expect(await goalOf(http, next)).toMatchObject({ status: 'in_progress' });
      const [held, declined, ...more] = await eventsOf(http, `review-${municipality}-2013-Q2`);
      expect(more).toEqual([]);
      expect(declined).toMatchObject({
        type: 'StatusProposalDeclined',
        data: { reviewId: `${municipality}-2013-Q2`, goalId: reached, proposedStatus: 'in_progress', code: 'status-transition-forbidden' },
        metadata: { causationId: held.id, occurredAt: '2013-06-20T00:00:00.000Z' },
      });
    });

    it('lets a review with a declined proposal be moved to a later day, keeping the decline, and be retracted', async () => {
      const { municipality, goals } = await municipalityWithGoals(http, 2);
      const [moving, same] = goals;
      const assessments = [
        { goalId: moving, progress: 'on_track', proposedStatus: 'in_progress' },
        { goalId: same, progress: 'on_track', proposedStatus: 'agreed' },
      ];
      await http().post(`/v1/municipalities/${municipality}/reviews`).send(review(assessments)).expect(201);
      await caughtUp(http);
      const id = `${municipality}-2013-Q2`;
      expect((await eventsOf(http, `review-${id}`)).map((event) => event.type)).toEqual(['QuarterlyReviewHeld', 'StatusProposalDeclined']);

      await http().post(`/v1/reviews/${id}/corrections`).send({ revision: 0, changes: { heldOn: '2013-06-25' }, reason: 'Protokoll: 25.6.' }).expect(200);
      await caughtUp(http);
      const moved = (await http().get(`/v1/reviews/${id}`).expect(200)).body as { heldOn: string; declinedProposals: string[] };
      expect(moved).toMatchObject({ heldOn: '2013-06-25', declinedProposals: [same] });
      await http().get(`/v1/reviews/${id}`).query({ asOf: '2013-06-22' }).expect(404);

      await http().post(`/v1/reviews/${id}/corrections`).send({ revision: 0, retract: true, reason: 'Das Gespräch fand nicht statt' }).expect(200);
      await caughtUp(http);
      await http().get(`/v1/reviews/${id}`).expect(404);
    });

    it('changes the status once when the review is sent again with its Idempotency-Key', async () => {
      const { municipality, goals } = await municipalityWithGoals(http, 1);
      const body = review([{ goalId: goals[0], progress: 'achieved', proposedStatus: 'implemented' }], { quarter: '2014-Q4', heldOn: '2014-12-10' });
      for (let i = 0; i < 2; i += 1) {
        await http().post(`/v1/municipalities/${municipality}/reviews`).set('Idempotency-Key', `review-${municipality}`).send(body).expect(201);
      }
      await caughtUp(http);
      const changes = (await historyOf(http, goals[0])).filter((entry) => entry.type === 'GoalStatusChanged');
      expect(changes.map((entry) => entry.changes)).toEqual([[{ field: 'status', from: 'agreed', to: 'implemented' }]]);
    });
  });
});
