import { describe, expect, it } from '@jest/globals';
import { onBothStores } from '../support/both-stores.js';
import { enrolledMunicipality, goalBody, offending, type Http } from '../support/e2e-http.js';

/** The cursor of the first page of `path` (asked with limit=1, so that a next page exists). */
async function cursorOf(http: Http, path: string): Promise<string> {
  const { nextCursor } = (await http().get(path).expect(200)).body as { nextCursor: string | null };
  if (nextCursor === null) throw new Error(`${path} has one page only`);
  return nextCursor;
}

const cursor = (scope: string, after: string) => Buffer.from(JSON.stringify({ scope, after })).toString('base64url');

onBothStores(({ http }) => {
  describe('cursors', () => {
    it("page only the list they came from: another list, another sort or another goal's history refuses them, naming cursor", async () => {
      const municipalityId = await enrolledMunicipality(http);
      const [first, second] = [goalBody({ municipalityId }), goalBody({ municipalityId })];
      for (const goal of [first, second]) await http().post('/v1/goals').send(goal).expect(201);
      await http().post(`/v1/goals/${first.id}/status`).send({ status: 'in_progress', reason: 'Quartalsgespräch', occurredAt: '2013-03-28' }).expect(200);

      const byTitle = await cursorOf(http, `/v1/goals?limit=1&sort=title&municipalityId=${municipalityId}`);
      await http().get(`/v1/goals?limit=1&sort=title&municipalityId=${municipalityId}&cursor=${byTitle}`).expect(200);
      expect(offending(await http().get(`/v1/goals?limit=1&municipalityId=${municipalityId}&cursor=${byTitle}`))).toEqual(['query:cursor']);
      expect(offending(await http().get(`/v1/municipalities?limit=1&sort=name&cursor=${byTitle}`))).toEqual(['query:cursor']);

      const history = await cursorOf(http, `/v1/goals/${first.id}/history?limit=1`);
      await http().get(`/v1/goals/${first.id}/history?limit=1&cursor=${history}`).expect(200);
      expect(offending(await http().get(`/v1/goals/${second.id}/history?cursor=${history}`))).toEqual(['query:cursor']);
      expect(offending(await http().get(`/v1/audit?cursor=${history}`))).toEqual(['query:cursor']);
    });

    it('refuses a cursor holding text no stored key can hold (a NUL, which PostgreSQL refuses in a parameter) with 400, not 500', async () => {
      const nul = JSON.stringify(['\u0000', '\u0000']);
      expect(offending(await http().get(`/v1/goals?cursor=${cursor('goals:id', nul)}`))).toEqual(['query:cursor']);
      expect(offending(await http().get(`/v1/municipalities?cursor=${cursor('municipalities:id', nul)}`))).toEqual(['query:cursor']);
      expect(offending(await http().get(`/v1/programmes?cursor=${cursor('programmes:id', nul)}`))).toEqual(['query:cursor']);
    });
  });
});
