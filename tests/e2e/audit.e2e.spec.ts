import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { v4 as uuid } from 'uuid';
import type { RecordedEvent } from '#event-store';
import { verifyTreeHead, type SignedTreeHead } from '#integrity';
import { AuditQueries } from '#projections';
import { ProjectionsService } from '../../apps/api/src/projections/projections.service.js';
import { appPerSuite } from '../support/app.js';
import { onBothStores } from '../support/both-stores.js';
import { expectHeadCovering } from '../support/covering-head.js';
import { bundleOf, publicKeyOf } from '../support/integrity-http.js';
import { fuzzQueries } from '../support/query-fuzz.js';
import { enrolledMunicipality, goalBody, offending, type AuditEntryBody, type Http, type WriteBody } from '../support/e2e-http.js';
import { issueApiKey } from '../support/access.js';


interface AuditPageBody {
  items: AuditEntryBody[];
  nextCursor: string | null;
  logPosition: number;
  treeHead: SignedTreeHead;
}

/** The tree head an export names in X-Tree-Head: the head's JSON, base64url. */
const headerHead = (value: unknown): SignedTreeHead => JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as SignedTreeHead;

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

    it('names the signed tree head of exactly the events up to its logPosition, in a page as treeHead and in the CSV as X-Tree-Head', async () => {
      const { goal, position } = await auditedGoal(http);
      const stream = `goal-${goal.id}`;
      // The status change is the last event written, so the audit's logPosition stays at it for both answers.
      const page = await auditPage(http, { stream, minPosition: String(position) });
      expect(page.logPosition).toBe(position);
      expect(page.items.map((entry) => entry.position).at(-1)).toBe(position);
      await expectHeadCovering(http, page.treeHead, position);
      expect(verifyTreeHead(page.treeHead, await publicKeyOf(http))).toBe(true);

      // The head is the one a bundle of its size carries; the entries can be rebuilt from the bundle's events.
      const { lines } = await bundleOf(http, { treeSize: String(page.treeHead.treeSize) });
      expect(lines).toHaveLength(page.treeHead.treeSize + 1);
      const events = lines.slice(1).map((line) => (JSON.parse(line) as { event: RecordedEvent }).event);
      const last = events[events.length - 1];
      expect(last.position).toBe(position);
      // Stamped with the recording time of the event at logPosition: the same logPosition names the same head.
      expect(page.treeHead.timestamp).toBe(last.metadata.recordedAt);
      const byPosition = new Map(events.map((event) => [event.position, event]));
      expect(page.items.map((entry) => [entry.position, entry.stream, entry.eventType, entry.actor, entry.correlationId, entry.recordedAt])).toEqual(
        page.items.map((entry) => {
          const event = byPosition.get(entry.position);
          return [event?.position, event?.stream, event?.type, event?.metadata.actor, event?.metadata.correlationId, event?.metadata.recordedAt];
        }),
      );

      const csv = await http().get('/v1/audit').query({ stream, minPosition: String(position), bom: 'true' }).set('Accept', 'text/csv').buffer(true).expect(200);
      expect(csv.headers['x-log-position']).toBe(String(position));
      expect(headerHead(csv.headers['x-tree-head'])).toEqual(page.treeHead);
      expect((parse(csv.text, { bom: true, columns: true }) as Record<string, string>[]).map((row) => Number(row.position))).toEqual(page.items.map((entry) => entry.position));
      // Newest first names the same head, and starts with the entry at logPosition.
      const newest = await auditPage(http, { stream, sort: '-position', limit: '1' });
      expect(newest).toMatchObject({ logPosition: position, treeHead: page.treeHead, items: [{ position }] });
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

describe('the audit log while an event is recorded during its answer, on the embedded store', () => {
  const { app, http } = appPerSuite();

  /**
   * The next answer's logPosition is read, then (before the entries are) another status change of the goal is
   * recorded and reaches the audit log and the tree: the race of a write landing mid-answer, made certain.
   */
  function recordDuringNextAnswer(goalId: string, status: 'on_hold' | 'in_progress'): Promise<number> {
    const queries = app().get(AuditQueries);
    const logPosition = queries.logPosition.bind(queries);
    return new Promise((resolve, reject) => {
      queries.logPosition = async () => {
        queries.logPosition = logPosition;
        const read = await logPosition();
        try {
          const change = await http().post(`/v1/goals/${goalId}/status`).send({ status, reason: 'Zwischendurch erfasst', occurredAt: '2013-09-01' }).expect(200);
          const late = (change.body as WriteBody).position;
          expect(await app().get(ProjectionsService).waitFor(late, ['audit', 'merkle-tree'])).toBe(true);
          resolve(late);
        } catch (error) {
          reject(error as Error);
        }
        return read;
      };
    });
  }

  it('answers only entries up to its logPosition, all of which its tree head covers, and pages on to the later ones', async () => {
    const { goal, position } = await auditedGoal(http);
    const stream = `goal-${goal.id}`;
    const [formulated] = (await auditPage(http, { stream, minPosition: String(position) })).items;

    // In log order: the entry recorded meanwhile is not in the page, but a next page is there for it.
    const first = recordDuringNextAnswer(goal.id, 'on_hold');
    const page = await auditPage(http, { stream });
    const late = await first;
    expect(late).toBeGreaterThan(position);
    expect({ logPosition: page.logPosition, positions: page.items.map((entry) => entry.position) }).toEqual({ logPosition: position, positions: [formulated.position, position] });
    expect(page.nextCursor).not.toBeNull();
    await expectHeadCovering(http, page.treeHead, position);
    const next = await auditPage(http, { stream, cursor: page.nextCursor as string });
    expect(next).toMatchObject({ logPosition: late, nextCursor: null, items: [{ position: late, eventType: 'GoalStatusChanged', reason: 'Zwischendurch erfasst' }] });

    // Newest first starts at logPosition, not at the entry recorded meanwhile.
    const second = recordDuringNextAnswer(goal.id, 'in_progress');
    const newest = await auditPage(http, { stream, sort: '-position', limit: '2' });
    const later = await second;
    expect({ logPosition: newest.logPosition, positions: newest.items.map((entry) => entry.position) }).toEqual({ logPosition: late, positions: [late, position] });
    await expectHeadCovering(http, newest.treeHead, late);
    const older = await auditPage(http, { stream, sort: '-position', limit: '2', cursor: newest.nextCursor as string });
    expect({ positions: older.items.map((entry) => entry.position), nextCursor: older.nextCursor }).toEqual({ positions: [formulated.position], nextCursor: null });

    // The CSV likewise ends at its X-Log-Position, which its X-Tree-Head covers.
    const third = recordDuringNextAnswer(goal.id, 'on_hold');
    const csv = await http().get('/v1/audit').query({ stream }).set('Accept', 'text/csv').buffer(true).expect(200);
    const latest = await third;
    expect(latest).toBeGreaterThan(later);
    expect(csv.headers['x-log-position']).toBe(String(later));
    expect((parse(csv.text, { columns: true }) as Record<string, string>[]).map((row) => Number(row.position))).toEqual([formulated.position, position, late, later]);
    await expectHeadCovering(http, headerHead(csv.headers['x-tree-head']), later);
  });
});
