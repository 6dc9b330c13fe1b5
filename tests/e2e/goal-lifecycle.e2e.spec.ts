import { describe, expect, it } from '@jest/globals';
import { appPerSuite } from '../support/app.js';
import { issueApiKey } from '../support/access.js';
import { goalBody } from '../support/e2e-http.js';

const { http } = appPerSuite();


describe('a goal through its whole lifecycle', () => {
  it('is formulated, revised, moved to regular practice, and its history tells every step', async () => {
    const body = goalBody();
    const workshop = await issueApiKey(http, { role: 'municipality_editor', municipalityId: body.municipalityId });
    const office = await issueApiKey(http, { role: 'coordinator' });
    const formulated = await http().post('/v1/goals').set(workshop.headers).send(body).expect(201);
    expect(formulated.body).toEqual({ id: body.id, revision: 0, position: expect.any(Number) });
    expect(formulated.headers.etag).toBe('"0"');
    expect(formulated.headers.location).toBe(`/v1/goals/${body.id}`);

    await http()
      .post(`/v1/goals/${body.id}/revisions`)
      .set(office.headers)
      .set('If-Match', '"0"')
      .send({ description: 'Netzwerk in vier Sozialräumen', reason: 'Quartalsgespräch 2013-Q2', occurredAt: '2013-06-20' })
      .expect(200, { id: body.id, revision: 1, position: formulated.body.position + 1 });

    for (const [status, occurredAt] of [
      ['in_progress', '2013-09-30'],
      ['largely_implemented', '2015-09-30'],
      ['in_regular_practice', '2016-09-26T10:00:00+02:00'],
    ]) {
      await http().post(`/v1/goals/${body.id}/status`).set(office.headers).send({ status, reason: `Bilanz ${occurredAt}`, occurredAt }).expect(200);
    }

    const details = await http().get(`/v1/goals/${body.id}`).expect(200);
    expect(details.headers.etag).toBe('"4"');
    expect(details.body).toMatchObject({
      id: body.id,
      status: 'in_regular_practice',
      description: 'Netzwerk in vier Sozialräumen',
      targetDate: '2015-09-30',
      formulatedAt: '2012-10-15T00:00:00.000Z',
      latestOccurredAt: '2016-09-26T08:00:00.000Z',
      revision: 4,
    });

    const history = await http().get(`/v1/goals/${body.id}/history`).expect(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'GoalFormulated',
      'GoalRevised',
      'GoalStatusChanged',
      'GoalStatusChanged',
      'GoalStatusChanged',
    ]);
    expect(history.body.items[1]).toMatchObject({
      revision: 1,
      actor: office.actor,
      reason: 'Quartalsgespräch 2013-Q2',
      occurredAt: '2013-06-20T00:00:00.000Z',
      changes: [{ field: 'description', from: body.description, to: 'Netzwerk in vier Sozialräumen' }],
    });
    expect(history.body.items[4].changes).toEqual([{ field: 'status', from: 'largely_implemented', to: 'in_regular_practice' }]);
    expect(history.body.items[0].actor).toBe(workshop.actor);
  });
});
