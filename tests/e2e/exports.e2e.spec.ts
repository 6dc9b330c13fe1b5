import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { onBothStores } from '../support/both-stores.js';
import { fuzzQueries } from '../support/query-fuzz.js';
import { expectHeadCovering } from '../support/covering-head.js';
import { enrolledMunicipality, goalBody, historyOf, listAll, offending, type GoalBody, type Http, type WriteBody } from '../support/e2e-http.js';

type Query = Record<string, string>;

const csvOf = async (http: Http, path: string, query: Query) => {
  const response = await http().get(path).query(query).buffer(true).expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
  return response;
};

const rowsOf = (text: string, delimiter = ',') => parse(text, { bom: true, columns: true, delimiter }) as Record<string, string>[];

/** How a JSON value travels in a CSV cell. */
const cell = (value: unknown): string => (value === null || value === undefined ? '' : Array.isArray(value) ? value.join('|') : String(value));

/** Two goals of a municipality of the test's own, with text a CSV must quote, one of them set in progress. */
async function twoGoals(http: Http) {
  const municipalityId = await enrolledMunicipality(http, 'kreis-export');
  const first = goalBody({ municipalityId, title: 'Übergänge Kita – Grundschule gestalten', description: 'Elternabende, "Brückenjahr"; Sprachförderung,\nmit Zeilenumbruch' });
  const second = goalBody({ municipalityId, title: 'Frühe Hilfen in Müssingen, Einen und Milte' });
  await http().post('/v1/goals').send(first).expect(201);
  await http().post('/v1/goals').send(second).expect(201);
  const change = await http().post(`/v1/goals/${first.id}/status`).send({ status: 'in_progress', reason: 'Quartalsgespräch Q1 – begonnen', occurredAt: '2013-03-28' }).expect(200);
  return { municipalityId, first, second, position: (change.body as WriteBody).position };
}

onBothStores(({ http }) => {
  describe('CSV exports', () => {
    it('exports the goals a list shows, one row each, with German text and quoting intact, BOM and semicolons on request', async () => {
      const { municipalityId, position } = await twoGoals(http);
      const listed = await listAll(http, { municipalityId, minPosition: String(position) });
      const response = await csvOf(http, '/v1/exports/goals.csv', { municipalityId, bom: 'true', separator: ';' });
      expect(response.text.startsWith('\uFEFFid;programmeId;municipalityId;')).toBe(true);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="goals-\d{4}-\d\d-\d\d\.csv"$/);
      const rows = rowsOf(response.text, ';');
      expect(rows).toEqual(listed.map((goal) => Object.fromEntries(Object.keys(rows[0]).map((column) => [column, cell(goal[column as keyof GoalBody])]))));
      expect(rows.map((row) => row.title).sort()).toEqual(['Frühe Hilfen in Müssingen, Einen und Milte', 'Übergänge Kita – Grundschule gestalten']);
      expect(Number(response.headers['x-log-position'])).toBeGreaterThanOrEqual(position);
      const head = JSON.parse(Buffer.from(String(response.headers['x-tree-head']), 'base64url').toString('utf8'));
      await expectHeadCovering(http, head, Number(response.headers['x-log-position']));
    });

    it('exports text a spreadsheet would run as a formula as text, behind an apostrophe', async () => {
      const municipalityId = await enrolledMunicipality(http, 'kreis-export');
      const formulas = ['=HYPERLINK("http://evil.example","klick")', '+1+1', '-2+3', '@SUM(A1)'];
      for (const title of formulas) await http().post('/v1/goals').send(goalBody({ municipalityId, title })).expect(201);
      const rows = rowsOf((await csvOf(http, '/v1/exports/goals.csv', { municipalityId })).text);
      expect(rows.map((row) => row.title).sort()).toEqual(formulas.map((title) => `'${title}`).sort());
    });

    it('quotes text with line breaks of any kind, so that each goal stays one record', async () => {
      const municipalityId = await enrolledMunicipality(http, 'kreis-export');
      const descriptions = ['Zeile 1\nZeile 2', 'Zeile 1\rZeile 2', 'Zeile 1\r\nZeile 2'];
      for (const description of descriptions) await http().post('/v1/goals').send(goalBody({ municipalityId, description })).expect(201);
      const { text } = await csvOf(http, '/v1/exports/goals.csv', { municipalityId });
      expect(rowsOf(text).map((row) => row.description).sort()).toEqual([...descriptions].sort());
      // Quoted in the file itself: a reader that takes any line break as the end of a record (most do) must
      // not split the record there, whatever the file's own record delimiter is.
      for (const description of descriptions) expect(text).toContain(`,"${description}",`);
    });

    it('exports the goals as of a past date, and the same bytes for the same knownAt after later writes', async () => {
      const { municipalityId, first } = await twoGoals(http);
      const before = rowsOf((await csvOf(http, '/v1/exports/goals.csv', { municipalityId, asOf: '2013-01-31' })).text);
      expect(before.map((row) => row.status)).toEqual(['agreed', 'agreed']);

      const knownAt = new Date().toISOString();
      const query = { municipalityId, knownAt, sort: '-title' };
      const then = await csvOf(http, '/v1/exports/goals.csv', query);
      const history = await csvOf(http, '/v1/exports/goal-history.csv', query);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await http().post(`/v1/goals/${first.id}/revisions`).send({ title: 'Übergänge gestalten', reason: 'Workshop 2014', occurredAt: '2014-02-01' }).expect(200);
      expect((await csvOf(http, '/v1/exports/goals.csv', query)).text).toBe(then.text);
      expect((await csvOf(http, '/v1/exports/goal-history.csv', query)).text).toBe(history.text);
      expect(then.headers['x-known-at']).toBe(knownAt);
      const now = rowsOf((await csvOf(http, '/v1/exports/goals.csv', { municipalityId, sort: '-title' })).text);
      expect(now.map((row) => row.title)).toEqual(['Übergänge gestalten', 'Frühe Hilfen in Müssingen, Einen und Milte']);
    });

    it('exports the history of every selected goal, entry by entry as the history endpoint shows it', async () => {
      const { municipalityId, first, second } = await twoGoals(http);
      const rows = rowsOf((await csvOf(http, '/v1/exports/goal-history.csv', { municipalityId })).text);
      const expected = [];
      for (const goal of [first, second].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        for (const entry of await historyOf(http, goal.id)) {
          expected.push({ goalId: goal.id, revision: String(entry.revision), type: entry.type, recordedAt: entry.recordedAt, actor: entry.actor, reason: cell(entry.reason), changes: JSON.stringify(entry.changes) });
        }
      }
      expect(rows.map(({ goalId, revision, type, recordedAt, actor, reason, changes }) => ({ goalId, revision, type, recordedAt, actor, reason, changes }))).toEqual(expected);
      expect(rows.find((row) => row.type === 'GoalStatusChanged')?.reason).toBe('Quartalsgespräch Q1 – begonnen');
    });

    it('exports quarterly reviews, one row per assessment, as the review views show them', async () => {
      const { municipalityId, first, second } = await twoGoals(http);
      const review = (quarter: string, heldOn: string, assessments: object[]) =>
        http().post(`/v1/municipalities/${municipalityId}/reviews`).send({ quarter, heldOn, participants: ['Koordinierungsstelle', 'Jugendamt; Träger'], summary: 'Stand, „gut“', assessments }).expect(201);
      await review('2013-Q1', '2013-03-20', [
        { goalId: first.id, progress: 'on_track', note: 'Elternabend geplant', proposedStatus: null },
        { goalId: second.id, progress: 'delayed', note: 'Personal fehlt', proposedStatus: null },
      ]);
      const last = (await review('2013-Q2', '2013-06-20', []).then((r) => r.body)) as WriteBody;
      const rows = rowsOf((await csvOf(http, '/v1/exports/reviews.csv', { municipalityId, minPosition: String(last.position) })).text);
      expect(rows.map(({ reviewId, quarter, participants, summary, goalId, progress, note }) => [reviewId, quarter, participants, summary, goalId, progress, note])).toEqual([
        [`${municipalityId}-2013-Q1`, '2013-Q1', 'Koordinierungsstelle|Jugendamt; Träger', 'Stand, „gut“', first.id, 'on_track', 'Elternabend geplant'],
        [`${municipalityId}-2013-Q1`, '2013-Q1', 'Koordinierungsstelle|Jugendamt; Träger', 'Stand, „gut“', second.id, 'delayed', 'Personal fehlt'],
        [`${municipalityId}-2013-Q2`, '2013-Q2', 'Koordinierungsstelle|Jugendamt; Träger', 'Stand, „gut“', '', '', ''],
      ]);
      expect(rowsOf((await csvOf(http, '/v1/exports/reviews.csv', { municipalityId, asOf: '2013-05-31' })).text).map((row) => row.quarter)).toEqual(['2013-Q1', '2013-Q1']);
      expect(rowsOf((await csvOf(http, '/v1/exports/reviews.csv', { goalId: second.id })).text).map((row) => row.goalId)).toEqual([first.id, second.id]);
    });

    it('names every malformed parameter of an export', async () => {
      for (const path of ['/v1/exports/goals.csv', '/v1/exports/goal-history.csv']) {
        const response = await http().get(path).query({ status: 'done', asOf: '2013-13-01', bom: 'yes', separator: 'tab', limit: '5', sort: 'colour' });
        expect(offending(response)).toEqual(['asOf', 'bom', 'limit', 'separator', 'sort', 'status'].map((field) => `query:${field}`));
      }
    });

    it('answers any query string of an export with 200 or a problem document, never a 5xx', async () => {
      const names = ['programmeId', 'municipalityId', 'phaseId', 'status', 'themeArea', 'parentGoalId', 'sort', 'asOf', 'knownAt', 'minPosition', 'bom', 'separator'];
      await fuzzQueries(http, '/v1/exports/goals.csv', names, 'text/csv', 40);
      await fuzzQueries(http, '/v1/exports/goal-history.csv', names, 'text/csv', 40);
      await fuzzQueries(http, '/v1/exports/reviews.csv', ['municipalityId', 'quarter', 'goalId', 'asOf', 'knownAt', 'minPosition', 'bom', 'separator'], 'text/csv', 40);
    });
  });
});
