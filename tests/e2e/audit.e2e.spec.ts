import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { v4 as uuid } from 'uuid';
import { onBothStores } from '../support/both-stores.js';
import { fuzzQueries } from '../support/query-fuzz.js';
import { enrolledMunicipality, goalBody, offending, type Http, type WriteBody } from '../support/e2e-http.js';
import { issueApiKey } from '../support/access.js';

interface AuditEntryBody {
  position: number;
  recordedAt: string;
  occurredAt: string;
  actor: string;
  command: string | null;
  stream: string;
  eventType: string;
  municipalityId: string | null;
  reason: string | null;
  correlationId: string;
  causationId: string | null;
}

interface AuditPageBody {
  items: AuditEntryBody[];
  nextCursor: string | null;
  logPosition: number;
}

type Query = Record<string, string>;

const auditPage = async (http: Http, query: Query) => (await http().get('/v1/audit').query(query).expect(200)).body as AuditPageBody;

/** Every entry of a filtered audit log, page by page. */
async function everyEntry(http: Http, query: Query, limit: number): Promise<AuditEntryBody[]> {
  const entries: AuditEntryBody[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditPageBody = await auditPage(http, { ...query, limit: String(limit), ...(cursor === null ? {} : { cursor }) });
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return entries;
}

/** A goal formulated by one actor and set in progress by another, in a municipality of the test's own. */
async function auditedGoal(http: Http) {
  const municipalityId = await enrolledMunicipality(http, 'kreis-audit');
  const goal = goalBody({ municipalityId });
  const formulatorKey = await issueApiKey(http, { role: 'municipality_editor', municipalityId });
  const coordinatorKey = await issueApiKey(http, { role: 'coordinator' });
  const [formulator, coordinator] = [formulatorKey.actor, coordinatorKey.actor];
  const correlationId = uuid();
  await http().post('/v1/goals').set(formulatorKey.headers).send(goal).expect(201);
  const change = await http()
    .post(`/v1/goals/${goal.id}/status`)
    .set({ ...coordinatorKey.headers, 'X-Correlation-Id': correlationId })
    .send({ status: 'in_progress', reason: 'Auftakt mit den Kitas in Müssingen, Einen und Milte', occurredAt: '2013-03-01' })
    .expect(200);
  return { municipalityId, goal, formulator, coordinator, correlationId, position: (change.body as WriteBody).position };
}

onBothStores(({ http }) => {
  describe('the audit log', () => {
    it('names who did what, when and why for each event of a municipality, with command, stream, correlation and reason', async () => {
      const { municipalityId, goal, formulator, coordinator, correlationId, position } = await auditedGoal(http);
      const page = await auditPage(http, { municipalityId, minPosition: String(position) });
      const streams = new Set(page.items.map((entry) => entry.stream));
      // The municipality's own registry entries count as its events, the programme's do not; so does the
      // issue of the key its editor writes with, which names the municipality.
      expect(streams).toEqual(new Set([`municipality-${municipalityId}`, `goal-${goal.id}`, 'apikeys-all']));
      expect(page.items.every((entry) => entry.municipalityId === municipalityId)).toBe(true);
      const goalEntries = page.items.filter((entry) => entry.stream === `goal-${goal.id}`);
      expect(goalEntries).toEqual([
        expect.objectContaining({ actor: formulator, command: 'FormulateGoal', eventType: 'GoalFormulated', reason: null, causationId: null, occurredAt: '2012-10-15T00:00:00.000Z' }),
        expect.objectContaining({
          actor: coordinator,
          command: 'ChangeGoalStatus',
          eventType: 'GoalStatusChanged',
          reason: 'Auftakt mit den Kitas in Müssingen, Einen und Milte',
          correlationId,
          position,
        }),
      ]);
      expect(page.logPosition).toBeGreaterThanOrEqual(position);
    });

    it('filters by actor, stream and recorded time, and pages the same entries in either order', async () => {
      const { goal, coordinator, position } = await auditedGoal(http);
      const byActor = await auditPage(http, { actor: coordinator, minPosition: String(position) });
      expect(byActor.items.map((entry) => entry.eventType)).toEqual(['GoalStatusChanged']);
      const stream = `goal-${goal.id}`;
      const all = await everyEntry(http, { stream }, 1000);
      expect(all.map((entry) => entry.command)).toEqual(['FormulateGoal', 'ChangeGoalStatus']);
      expect(await everyEntry(http, { stream }, 1)).toEqual(all);
      expect(await everyEntry(http, { stream, sort: '-position' }, 1)).toEqual([...all].reverse());

      const recorded = all[1].recordedAt;
      expect((await auditPage(http, { stream, from: recorded })).items).toEqual([all[1]]);
      expect((await auditPage(http, { stream, to: all[0].recordedAt })).items).toEqual([all[0]]);
      expect((await auditPage(http, { stream, to: '2012-12-31' })).items).toEqual([]);
    });

    it('answers every matching entry as CSV, with a BOM and semicolons when asked, German text intact', async () => {
      const { goal, position } = await auditedGoal(http);
      const stream = `goal-${goal.id}`;
      const json = await everyEntry(http, { stream, minPosition: String(position) }, 1000);
      const response = await http().get('/v1/audit').query({ stream, bom: 'true', separator: ';' }).set('Accept', 'text/csv').buffer(true).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers['content-disposition']).toBe('attachment; filename="audit.csv"');
      const text = response.text;
      expect(text.startsWith('\uFEFFposition;recordedAt;occurredAt;actor;command;stream;eventType;municipalityId;reason;correlationId;causationId\r\n')).toBe(true);
      const rows = parse(text, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
      expect(rows).toEqual(json.map((entry) => Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, value === null ? '' : String(value)]))));
      expect(rows[1].reason).toBe('Auftakt mit den Kitas in Müssingen, Einen und Milte');
    });

    it('names every malformed parameter', async () => {
      const response = await http()
        .get('/v1/audit')
        .query({ limit: '0', sort: 'recordedAt', from: 'gestern', to: '2013-02-30', stream: 'no stream', municipalityId: 'kreis warendorf', cursor: 'nope', bom: 'ja', separator: '|' });
      expect(offending(response)).toEqual(
        ['bom', 'from', 'limit', 'municipalityId', 'separator', 'sort', 'stream', 'to'].map((field) => `query:${field}`),
      );
      expect(offending(await http().get('/v1/audit').query({ cursor: 'nope' }))).toEqual(['query:cursor']);
    });

    it('answers any query string with 200 or a problem document, never a 5xx', async () => {
      const names = ['actor', 'municipalityId', 'stream', 'from', 'to', 'sort', 'limit', 'cursor', 'minPosition', 'bom', 'separator'];
      await fuzzQueries(http, '/v1/audit', names);
      await fuzzQueries(http, '/v1/audit', names, 'text/csv', 30);
    });
  });
});
