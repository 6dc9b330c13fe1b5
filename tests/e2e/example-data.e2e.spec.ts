import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { loadExample } from '../../apps/api/src/example/load-example.js';
import { GOALS, MODEL_PHASE, REVIEWS, THEME_AREAS } from '../../apps/api/src/example/warendorf.data.js';
import { startApp, temporaryDataDir } from '../support/app.js';
import { historyOf, httpOf, listAll, logHead, type Http } from '../support/e2e-http.js';
import { describePostgres, dropSchemas, testDatabaseUrl, uniqueSchema } from '../support/postgres.js';

interface LogEvent {
  id: string;
  stream: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { occurredAt: string; correlationId: string };
}

const WARENDORF = 'kreis-warendorf';

interface ProgrammeView {
  name: string;
  phases: { id: string; kind: string; startsOn: string; plannedEnd: string | null; endedOn: string | null }[];
}

interface ReviewView {
  quarter: string;
  heldOn: string;
  participants: string[];
  assessments: unknown[];
  declinedProposals: string[];
}

interface MunicipalityView {
  id: string;
  name: string;
  kind: string;
  socialSpaces: { name: string }[];
  enrolments: { phaseId: string; from: string }[];
  themeAreas: { phaseId: string; id: string }[];
}

/** Statuses of a list of goals, counted. */
const countStatuses = (goals: { status: string }[]) => goals.reduce<Record<string, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

function exampleSuite(config: () => Partial<AppConfig> & { dataDir: string }): void {
  let app: INestApplication | undefined;
  let url = '';
  const http: Http = httpOf(() => app as INestApplication);
  const events = async (type: string): Promise<LogEvent[]> => (await http().get('/v1/events').query({ type, limit: '1000' }).expect(200)).body.items as LogEvent[];
  const goals = (query: Record<string, string>) => listAll(http, { municipalityId: WARENDORF, ...query });

  beforeAll(async () => {
    app = await startApp(config(), { registry: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('loads through the API, and a second run is answered from the log and adds nothing', async () => {
    const first = await loadExample(url);
    expect(first.alreadyThere).toBe(0);
    const head = await logHead(http);
    expect(await loadExample(url)).toEqual({ written: 0, alreadyThere: first.written });
    expect(await logHead(http)).toBe(head);
  }, 120_000);

  it('registers the programme with its model phase 2012 to 30 September 2015, and its roll-out from 2016 later', async () => {
    const programme = async (asOf?: string) => (await http().get('/v1/programmes/kekiz').query(asOf ? { asOf } : {}).expect(200)).body as ProgrammeView;
    const phases = (view: ProgrammeView) => view.phases.map(({ id, kind, startsOn, plannedEnd, endedOn }) => [id, kind, startsOn, plannedEnd, endedOn]);
    expect((await programme('2015-06-30')).name).toBe('Kein Kind zurücklassen! Kommunen in NRW beugen vor');
    expect(phases(await programme('2015-06-30'))).toEqual([['modellphase', 'model', '2012-01-01', '2015-09-30', null]]);
    expect(phases(await programme('2015-09-30'))).toEqual([['modellphase', 'model', '2012-01-01', '2015-09-30', '2015-09-30']]);
    expect(phases(await programme())).toEqual([
      ['modellphase', 'model', '2012-01-01', '2015-09-30', '2015-09-30'],
      ['roll-out', 'rollout', '2016-01-01', null, null],
    ]);
  });

  it('has 18 model municipalities, three by name, and Warendorf with its social spaces, theme areas and towns with youth offices of their own', async () => {
    const municipalities = async (query: Record<string, string>) => (await http().get('/v1/municipalities').query({ limit: '200', ...query }).expect(200)).body.items as MunicipalityView[];
    const model = await municipalities({ programmeId: 'kekiz', phaseId: 'modellphase', asOf: '2015-09-30' });
    expect(model).toHaveLength(18);
    expect(model.map((m) => m.name).filter((name) => !name.includes('(Platzhalter)'))).toEqual(['Kreis Düren', 'Kreis Unna', 'Kreis Warendorf']);
    expect((await municipalities({ programmeId: 'kekiz', phaseId: 'roll-out' })).map((m) => m.id)).toEqual([WARENDORF]);
    expect((await municipalities({ parentId: WARENDORF, sort: 'name' })).map((m) => [m.name, m.kind])).toEqual([
      ['Stadt Ahlen', 'Stadt'],
      ['Stadt Beckum', 'Stadt'],
      ['Stadt Oelde', 'Stadt'],
    ]);
    const warendorf = async (asOf?: string) => (await http().get(`/v1/municipalities/${WARENDORF}`).query(asOf ? { asOf } : {}).expect(200)).body as MunicipalityView;
    const atEnd = await warendorf('2015-09-30');
    expect(atEnd.socialSpaces.map((space) => space.name)).toEqual(['Müssingen', 'Einen', 'Milte']);
    expect(atEnd.themeAreas.map((area) => `${area.phaseId}/${area.id}`).sort()).toEqual(['modellphase/arbeitslosigkeit', 'modellphase/ben', 'modellphase/fruehe-hilfen', 'modellphase/steuerung']);
    expect((await warendorf()).enrolments.map((e) => [e.phaseId, e.from])).toEqual([
      ['modellphase', '2012-01-01'],
      ['roll-out', '2016-01-01'],
    ]);
  });

  it('holds a quarterly review in every quarter from the workshops to the end of the model phase, none of whose proposals was declined', async () => {
    const reviews = (await http().get(`/v1/municipalities/${WARENDORF}/reviews`).query({ asOf: '2015-09-30', limit: '200', sort: 'quarter' }).expect(200)).body.items as ReviewView[];
    expect(reviews.map((r) => r.quarter)).toEqual(['2012-Q4', ...['2013', '2014'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)), '2015-Q1', '2015-Q2', '2015-Q3']);
    expect(reviews.every((r) => r.assessments.length === 10 && r.declinedProposals.length === 0)).toBe(true);
    const first = (await http().get(`/v1/reviews/${WARENDORF}-2013-Q1`).expect(200)).body as ReviewView;
    expect(first).toMatchObject({ heldOn: '2013-03-13', participants: ['Landeskoordinierungsstelle „Kein Kind zurücklassen!“ (Institut für soziale Arbeit e.V.)', 'Kreis Warendorf, Amt für Kinder, Jugendliche und Familien'] });
    expect(await events('StatusProposalDeclined')).toEqual([]);
  });

  it('shows the goals of the autumn 2012 workshops as agreed at first, and as the model phase ended on 2015-09-30', async () => {
    const atStart = await goals({ asOf: '2012-12-31' });
    expect(atStart).toHaveLength(10);
    expect(new Set(atStart.map((g) => g.source))).toEqual(new Set(['Zielkonkretisierungs-Workshop 1, Herbst 2012', 'Zielkonkretisierungs-Workshop 2, Herbst 2012']));
    expect(atStart.every((g) => g.formulatedAt >= '2012-09-22' && g.formulatedAt < '2012-12-21')).toBe(true);
    expect(countStatuses(atStart)).toEqual({ agreed: 9, in_progress: 1 });

    const atEnd = await goals({ asOf: '2015-09-30' });
    expect(atEnd.map((g) => g.phaseId)).toEqual(Array(10).fill('modellphase'));
    expect(countStatuses(atEnd)).toEqual({ in_regular_practice: 7, largely_implemented: 3 });
    expect(new Set(atEnd.map((g) => g.themeArea))).toEqual(new Set(['steuerung', 'ben', 'fruehe-hilfen', 'arbeitslosigkeit']));
  });

  it('shows today the three goals the committee carried into the roll-out on 2016-09-26, the others in regular practice', async () => {
    const today = await goals({});
    const carried = today.filter((g) => g.phaseId === 'roll-out');
    expect(carried.map((g) => [g.id, g.status])).toEqual([
      ['waf-ben-kooperationsverbund', 'largely_implemented'],
      ['waf-dienstleistungen-hand-in-hand', 'largely_implemented'],
      ['waf-produktionsnetzwerke-arbeit', 'largely_implemented'],
    ]);
    expect(countStatuses(today.filter((g) => g.phaseId === 'modellphase'))).toEqual({ in_regular_practice: 7 });
    const carryOver = (await historyOf(http, 'waf-ben-kooperationsverbund')).find((entry) => entry.type === 'GoalCarriedOver');
    expect(carryOver).toMatchObject({ occurredAt: '2016-09-26T00:00:00.000Z', reason: expect.stringContaining('Berichtsvorlage 125/2016') });
  });

  it("evaluates Warendorf's model phase as of 2015-09-30 with the statuses, reviews and carry-overs the data set gives", async () => {
    interface Outcome { id: string; status: string; carriedOverTo: string | null; lastAssessment: { quarter: string } | null }
    interface Side { municipalityId: string; reviews: { held: { quarter: string }[]; missingQuarters: string[] }; themeAreas: { themeArea: string; goals: Outcome[] }[] }
    const evaluation = (await http().get(`/v1/programmes/kekiz/phases/${MODEL_PHASE.id}/evaluation`).expect(200)).body as { asOf: string; municipalities: Side[]; totals: { municipalities: number } };
    expect(evaluation.asOf).toBe('2015-09-30T23:59:59.999Z');
    expect(evaluation.totals.municipalities).toBe(18);
    const warendorf = evaluation.municipalities.find((m) => m.municipalityId === WARENDORF) as Side;
    const outcomes = warendorf.themeAreas.flatMap((area) => area.goals);
    // The status a goal ended the model phase with is the last one its reviews proposed.
    const lastProposed = (steps: (typeof GOALS)[number]['steps']) => [...steps].reverse().find(([quarter, , proposed]) => proposed !== null && quarter <= '2015-Q3')?.[2] ?? 'agreed';
    const byId = (a: [string, unknown], b: [string, unknown]) => a[0].localeCompare(b[0]);
    expect(outcomes.map((goal): [string, string] => [goal.id, goal.status]).sort(byId)).toEqual(GOALS.map((goal): [string, string] => [goal.id, lastProposed(goal.steps)]).sort(byId));
    expect(outcomes.filter((goal) => goal.carriedOverTo === 'roll-out').map((goal) => goal.id).sort()).toEqual(GOALS.filter((goal) => goal.carriedOver).map((goal) => goal.id).sort());
    expect(outcomes.every((goal) => goal.lastAssessment?.quarter === '2015-Q3')).toBe(true);
    expect(warendorf.themeAreas.map((area) => area.themeArea).sort()).toEqual(THEME_AREAS.map((area) => area.id).sort());
    expect(warendorf.reviews.held.map((review) => review.quarter)).toEqual(Object.keys(REVIEWS.heldOn));
    // Enrolled from the phase's start in 2012; the reviews began with the goals of autumn 2012.
    expect(warendorf.reviews.missingQuarters).toEqual(['2012-Q1', '2012-Q2', '2012-Q3']);
  });

  it("traces a goal's status changes to the reviews that proposed them", async () => {
    const reviews = new Map((await events('QuarterlyReviewHeld')).map((e) => [e.id, e.data.quarter]));
    const changes = (await historyOf(http, 'waf-praevention-kreisentwicklungsprogramm')).filter((entry) => entry.type === 'GoalStatusChanged');
    expect(changes.map((entry) => [entry.occurredAt.slice(0, 10), reviews.get(entry.causationId ?? ''), entry.correlationId])).toEqual([
      ['2013-03-13', '2013-Q1', 'example-review-2013-Q1'],
      ['2013-12-11', '2013-Q4', 'example-review-2013-Q4'],
      ['2015-09-16', '2015-Q3', 'example-review-2015-Q3'],
    ]);
  });
}

describe('the example data set on the embedded store', () => {
  const data = temporaryDataDir();
  exampleSuite(() => ({ dataDir: data.path }));
  afterAll(() => data.remove());
});

describePostgres('the example data set on PostgreSQL', () => {
  const data = temporaryDataDir();
  const schema = uniqueSchema('gl_example');
  exampleSuite(() => ({ store: 'postgres', databaseUrl: testDatabaseUrl, postgresSchema: schema, dataDir: data.path }));
  // After the suite's own afterAll, which closes the app that still uses the schema.
  afterAll(async () => {
    await dropSchemas([schema]);
    data.remove();
  });
});
