import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import { loadExample } from '../../apps/api/src/example/load-example.js';
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

  it('registers the programme, its model phase 2012 to 30 September 2015 and its roll-out from 2016', async () => {
    expect((await events('ProgrammeRegistered')).map((e) => e.data.name)).toEqual(['Kein Kind zurücklassen! Kommunen in NRW beugen vor']);
    const phases = (await events('PhaseOpened')).map(({ data }) => [data.kind, data.startsOn, data.plannedEnd ?? null]);
    expect(phases).toEqual([
      ['model', '2012-01-01', '2015-09-30'],
      ['rollout', '2016-01-01', null],
    ]);
    expect((await events('PhaseClosed')).map((e) => e.data.endedOn)).toEqual(['2015-09-30']);
  });

  it('has 18 model municipalities, three by name, and Warendorf with its social spaces and its towns with youth offices of their own', async () => {
    const registered = (await events('MunicipalityRegistered')).map((e) => e.data);
    const enrolled = (await events('MunicipalityEnrolled')).map((e) => e.stream.replace(/^municipality-/, '') + ' ' + String(e.data.phaseId));
    const inModelPhase = enrolled.filter((line) => line.endsWith(' modellphase')).map((line) => line.split(' ')[0]);
    expect(inModelPhase).toHaveLength(18);
    const names = registered.filter((m) => inModelPhase.includes(String(m.municipalityId))).map((m) => String(m.name));
    expect(names.filter((name) => !name.includes('(Platzhalter)')).sort()).toEqual(['Kreis Düren', 'Kreis Unna', 'Kreis Warendorf']);
    expect(enrolled.filter((line) => line.endsWith(' roll-out'))).toEqual([`${WARENDORF} roll-out`]);
    const towns = registered.filter((m) => m.parentId === WARENDORF).map((m) => m.name);
    expect(towns).toEqual(['Stadt Ahlen', 'Stadt Beckum', 'Stadt Oelde']);
    expect((await events('SocialSpaceAdded')).map((e) => e.data.name)).toEqual(['Müssingen', 'Einen', 'Milte']);
    expect(new Set((await events('ThemeAreaDefined')).map((e) => e.data.themeAreaId))).toEqual(new Set(['steuerung', 'ben', 'fruehe-hilfen', 'arbeitslosigkeit']));
  });

  it('holds a quarterly review in every quarter from the workshops to the end of the model phase, none of whose proposals was declined', async () => {
    const reviews = (await events('QuarterlyReviewHeld')).map((e) => e.data.quarter);
    expect(reviews).toEqual(['2012-Q4', ...['2013', '2014'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)), '2015-Q1', '2015-Q2', '2015-Q3']);
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
