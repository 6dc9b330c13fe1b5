import { describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { caughtUp, expectProblem, offending, type Http, type PointOfViewBody } from '../support/e2e-http.js';

const unique = (prefix: string) => `${prefix}-${uuid().slice(0, 8)}`;
type Query = Record<string, string>;

interface ViewBody extends PointOfViewBody {
  id: string;
  name: string;
  latestOccurredAt: string;
  updatedAt: string;
  revision: number;
  position: number;
  [field: string]: unknown;
}
interface PageBody extends PointOfViewBody {
  items: ViewBody[];
  nextCursor: string | null;
}

const viewOf = async (http: Http, path: string, query: Query = {}) => (await http().get(path).query(query).expect(200)).body as ViewBody;
const pageOf = async (http: Http, path: string, query: Query) => (await http().get(path).query(query).expect(200)).body as PageBody;

/** Every item of a list, following nextCursor, `limit` at a time. */
async function walk(http: Http, path: string, query: Query, limit = 2): Promise<ViewBody[]> {
  const items: ViewBody[] = [];
  let cursor: string | null = null;
  do {
    const page: PageBody = await pageOf(http, path, { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** A programme of its own with a model phase (closed on 2015-09-30) and a roll-out phase opened in December 2015. */
async function programme(http: Http, name = 'Kein Kind zurücklassen! Kommunen in NRW beugen vor'): Promise<string> {
  const id = unique('kekiz');
  await http().post('/v1/programmes').send({ id, name, occurredAt: '2011-12-01' }).expect(201);
  await http().post(`/v1/programmes/${id}/phases`).send({ id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', occurredAt: '2012-01-01' }).expect(201);
  await http().post(`/v1/programmes/${id}/phases`).send({ id: 'rollout', kind: 'rollout', title: 'Roll-out', startsOn: '2016-01-01', occurredAt: '2015-12-01' }).expect(201);
  await http().post(`/v1/programmes/${id}/phases/model/close`).send({ endedOn: '2015-09-30', occurredAt: '2015-09-30' }).expect(200);
  return id;
}

async function municipality(http: Http, body: { id: string; name: string; kind: string; parentId?: string; ags?: string }, occurredAt = '2012-01-01'): Promise<string> {
  await http().post('/v1/municipalities').send({ ...body, occurredAt }).expect(201);
  return body.id;
}

const enrol = (http: Http, id: string, programmeId: string, phaseId: string, from: string) =>
  http().post(`/v1/municipalities/${id}/enrolments`).send({ programmeId, phaseId, from, occurredAt: from }).expect(201);

onBothStores(({ http }) => {
  describe('programme views', () => {
    it('shows a programme with its phases, as of a date and as known at an instant, with ETag and log position', async () => {
      const id = await programme(http);
      const now = await viewOf(http, `/v1/programmes/${id}`);
      expect(now).toMatchObject({ id, name: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor', registeredAt: '2011-12-01T00:00:00.000Z', revision: 3 });
      expect(now.phases).toEqual([
        { id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', endedOn: '2015-09-30' },
        { id: 'rollout', kind: 'rollout', title: 'Roll-out', startsOn: '2016-01-01', plannedEnd: null, endedOn: null },
      ]);
      const then = await viewOf(http, `/v1/programmes/${id}`, { asOf: '2015-06-30' });
      expect(then.phases).toEqual([{ id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', endedOn: null }]);
      expect(then).toMatchObject({ latestOccurredAt: '2012-01-01T00:00:00.000Z', asOf: '2015-06-30T23:59:59.999Z' });

      const K = now.updatedAt;
      const asked = () => http().get(`/v1/programmes/${id}`).query({ asOf: '2020-12-31', knownAt: K }).expect(200);
      const before = await asked();
      await http().post(`/v1/programmes/${id}/corrections`).send({ revision: 3, changes: { endedOn: '2015-10-31' }, reason: 'Laut Bescheid endete die Modellphase im Oktober' }).expect(200);
      expect((await viewOf(http, `/v1/programmes/${id}`)).phases).toContainEqual(expect.objectContaining({ id: 'model', endedOn: '2015-10-31' }));
      const after = await asked();
      expect(after.text).toBe(before.text);
      expect(before.body).toMatchObject({ revision: 3, logPosition: now.position, knownAt: K });
      expect(before.headers).toMatchObject({ etag: '"3"', 'x-log-position': String(now.position) });
    });

    it('answers 404 for a programme unknown, or not yet registered as of the date', async () => {
      expectProblem(await http().get(`/v1/programmes/${unique('nope')}`), 404, 'programme-not-found');
      const id = await programme(http);
      expectProblem(await http().get(`/v1/programmes/${id}`).query({ asOf: '2011-11-30' }), 404, 'programme-not-found');
    });

    it('lists programmes sorted by name in either direction, in cursor pages without repeats', async () => {
      const marker = uuid().slice(0, 8);
      const names = ['Chancen', 'Arbeit', 'Bildung'].map((name) => `${name} ${marker}`);
      for (const name of names) await programme(http, name);
      const ours = (items: ViewBody[]) => items.map((item) => item.name).filter((name) => name.endsWith(marker));
      expect(ours(await walk(http, '/v1/programmes', { sort: 'name' }))).toEqual([...names].sort());
      expect(ours(await walk(http, '/v1/programmes', { sort: '-name' }))).toEqual([...names].sort().reverse());
      expect(ours(await walk(http, '/v1/programmes', { sort: 'name', asOf: '2011-11-30' }))).toEqual([]);
    });
  });

  describe('municipality views', () => {
    it('shows a municipality with its social spaces, enrolments and theme areas, as of a date and as known at an instant', async () => {
      const programmeId = await programme(http);
      const id = await municipality(http, { id: unique('kreis-warendorf'), name: 'Kreis Warendorf', kind: 'Kreis' });
      for (const [space, name] of [['muessingen', 'Müssingen'], ['einen', 'Einen']]) {
        await http().post(`/v1/municipalities/${id}/social-spaces`).send({ id: space, name, occurredAt: '2012-03-01' }).expect(201);
      }
      await enrol(http, id, programmeId, 'model', '2012-02-01');
      await http().post(`/v1/municipalities/${id}/theme-areas`).send({ programmeId, phaseId: 'model', id: 'ben', title: 'Bildungs- und Erziehungsnetzwerk', occurredAt: '2012-10-01' }).expect(201);
      await http().post(`/v1/municipalities/${id}/rename`).send({ name: 'Kreis Warendorf (Jugendamt)', occurredAt: '2013-01-01' }).expect(200);
      await http().post(`/v1/municipalities/${id}/social-spaces/einen/retire`).send({ occurredAt: '2016-01-01' }).expect(200);
      const K = (await viewOf(http, `/v1/municipalities/${id}`)).updatedAt;
      // A late entry: Milte was named in 2012 too, but recorded only now.
      await http().post(`/v1/municipalities/${id}/social-spaces`).send({ id: 'milte', name: 'Milte', occurredAt: '2012-03-01' }).expect(201);

      const now = await viewOf(http, `/v1/municipalities/${id}`);
      expect(now).toMatchObject({ id, name: 'Kreis Warendorf (Jugendamt)', kind: 'Kreis', ags: null, parentId: null, registeredAt: '2012-01-01T00:00:00.000Z', revision: 7 });
      expect(now.socialSpaces).toEqual([
        { id: 'muessingen', name: 'Müssingen', retiredOn: null },
        { id: 'einen', name: 'Einen', retiredOn: '2016-01-01' },
        { id: 'milte', name: 'Milte', retiredOn: null },
      ]);
      expect(now.enrolments).toEqual([{ programmeId, phaseId: 'model', from: '2012-02-01', until: null }]);
      expect(now.themeAreas).toEqual([{ programmeId, phaseId: 'model', id: 'ben', title: 'Bildungs- und Erziehungsnetzwerk' }]);

      const in2012 = await viewOf(http, `/v1/municipalities/${id}`, { asOf: '2012-12-31' });
      expect([in2012.name, (in2012.socialSpaces as { id: string }[]).map((s) => s.id)]).toEqual(['Kreis Warendorf', ['muessingen', 'einen', 'milte']]);
      const knownThen = await viewOf(http, `/v1/municipalities/${id}`, { asOf: '2012-12-31', knownAt: K });
      expect([knownThen.name, (knownThen.socialSpaces as { id: string }[]).map((s) => s.id), knownThen.revision]).toEqual(['Kreis Warendorf', ['muessingen', 'einen'], 6]);
      expectProblem(await http().get(`/v1/municipalities/${id}`).query({ asOf: '2011-12-31' }), 404, 'municipality-not-found');
    });

    it('lists municipalities filtered by kind, parent and enrolment (several values each), sorted and paged', async () => {
      const programmeId = await programme(http);
      const kreis = await municipality(http, { id: unique('kreis'), name: 'Kreis Warendorf', kind: 'Kreis' });
      const towns = [];
      for (const [name, kind] of [['Oelde', 'Stadt'], ['Ahlen', 'Stadt'], ['Beckum', 'Stadt'], ['Ostbevern', 'Gemeinde']]) {
        towns.push(await municipality(http, { id: unique(name.toLowerCase()), name, kind, parentId: kreis }));
      }
      await enrol(http, towns[0], programmeId, 'model', '2012-02-01');
      await enrol(http, towns[1], programmeId, 'rollout', '2016-01-01');
      await enrol(http, kreis, programmeId, 'model', '2012-02-01');
      const names = (items: ViewBody[]) => items.map((item) => item.name);

      expect(names(await walk(http, '/v1/municipalities', { parentId: kreis, sort: 'name' }))).toEqual(['Ahlen', 'Beckum', 'Oelde', 'Ostbevern']);
      expect(names(await walk(http, '/v1/municipalities', { parentId: kreis, sort: '-name', kind: 'Gemeinde,Stadt' }))).toEqual(['Ostbevern', 'Oelde', 'Beckum', 'Ahlen']);
      expect(names(await walk(http, '/v1/municipalities', { parentId: kreis, kind: 'Gemeinde' }))).toEqual(['Ostbevern']);
      expect(names(await walk(http, '/v1/municipalities', { programmeId, sort: 'name' }))).toEqual(['Ahlen', 'Kreis Warendorf', 'Oelde']);
      expect(names(await walk(http, '/v1/municipalities', { programmeId, phaseId: 'model', sort: 'name' }))).toEqual(['Kreis Warendorf', 'Oelde']);
      expect(names(await walk(http, '/v1/municipalities', { programmeId, phaseId: 'model,rollout', kind: 'Stadt', sort: 'name' }))).toEqual(['Ahlen', 'Oelde']);
      expect(names(await walk(http, '/v1/municipalities', { programmeId, sort: 'name', asOf: '2015-12-31' }))).toEqual(['Kreis Warendorf', 'Oelde']);
      expect(names(await walk(http, '/v1/municipalities', { parentId: kreis, asOf: '2011-12-31' }))).toEqual([]);

      const page = await http().get('/v1/municipalities').query({ parentId: kreis, limit: '1' }).expect(200);
      expect(page.headers['x-log-position']).toBe(String(page.body.logPosition));
      expect(page.body.nextCursor).toEqual(expect.any(String));
    });

    it('names every malformed parameter of the views', async () => {
      for (const path of ['/v1/municipalities', '/v1/programmes']) {
        expect(offending(await http().get(path).query({ asOf: '2013-02-30', knownAt: 'yesterday', sort: 'colour', limit: '0' }))).toEqual([
          'query:asOf',
          'query:knownAt',
          'query:limit',
          'query:sort',
        ]);
      }
      expect(offending(await http().get('/v1/municipalities').query({ kind: 'Kreis,Dorf', parentId: 'a b', unknown: '1' }))).toEqual(['query:kind', 'query:parentId', 'query:unknown']);
      expect(offending(await http().get('/v1/municipalities').query({ cursor: 'not-ours' }))).toEqual(['query:cursor']);
      expect(offending(await http().get('/v1/municipalities/not%20an%20id'))).toEqual(['path:id']);
      expect(offending(await http().get('/v1/programmes/kekiz').query({ asOf: 'soon' }))).toEqual(['query:asOf']);
    });

    it('answers the same after a rebuild of the registry read models', async () => {
      const programmeId = await programme(http);
      const id = await municipality(http, { id: unique('kreis-unna'), name: 'Kreis Unna', kind: 'Kreis' });
      await enrol(http, id, programmeId, 'model', '2012-02-01');
      const read = async () => [await viewOf(http, `/v1/programmes/${programmeId}`), await viewOf(http, `/v1/municipalities/${id}`), await viewOf(http, `/v1/municipalities/${id}`, { asOf: '2012-01-15' })].map(({ knownAt: _k, asOf: _a, ...fields }) => fields);
      const before = await read();
      for (const name of ['programmes', 'municipalities']) await http().post(`/v1/admin/projections/${name}/rebuild`).expect(202);
      await until(http, (statuses) => statuses.every((status) => status.rebuild === null));
      await caughtUp(http);
      expect(await read()).toEqual(before);
    });
  });
});

async function until(http: Http, condition: (statuses: { name: string; rebuild: unknown }[]) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition((await http().get('/v1/admin/projections').expect(200)).body)) {
    if (Date.now() > deadline) throw new Error('the rebuilds did not finish');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
