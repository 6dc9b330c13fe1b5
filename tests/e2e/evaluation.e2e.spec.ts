import { describe, expect, it } from '@jest/globals';
import { v4 as uuid } from 'uuid';
import type { SignedTreeHead } from '#integrity';
import { onBothStores } from '../support/both-stores.js';
import { expectProblem, goalBody, offending, programmeOfOwn, type Http, type WriteBody } from '../support/e2e-http.js';
import { fuzzQueries } from '../support/query-fuzz.js';
import { expectHeadCovering } from '../support/covering-head.js';

interface GoalOutcomeBody {
  id: string;
  status: string;
  lastAssessment: { reviewId: string; quarter: string; progress: string; note: string } | null;
  carriedOverTo: string | null;
  discontinuedReason: string | null;
}

interface MunicipalityOutcomeBody {
  municipalityId: string;
  name: string | null;
  byStatus: Record<string, number>;
  reviews: { expectedQuarters: number; held: { quarter: string }[]; missingQuarters: string[] };
  themeAreas: { themeArea: string; title: string | null; byStatus: Record<string, number>; goals: GoalOutcomeBody[] }[];
}

interface PhaseEvaluationBody {
  programmeId: string;
  phase: { id: string; endedOn: string | null };
  asOf: string;
  knownAt: string;
  logPosition: number;
  totals: { municipalities: number; goals: number; byStatus: Record<string, number>; reviewsHeld: number; missingReviews: number; carriedOver: number; discontinued: number };
  municipalities: MunicipalityOutcomeBody[];
}

const NO_STATUSES = { agreed: 0, in_progress: 0, largely_implemented: 0, implemented: 0, in_regular_practice: 0, on_hold: 0, discontinued: 0 };
const THEME = 'netzwerk';

/**
 * Two municipalities in a model phase (2012 to 30 September 2015) and its roll-out (from 2016): four goals
 * that end the model phase largely implemented, discontinued, carried over and merely agreed, three reviews
 * of the first municipality, none of the second; then later facts that must not change the model phase's
 * figures (a status after its end, the carried goal's progress in the roll-out).
 */
async function programmeWithHistory(http: Http) {
  const [a, b] = [`kreis-eval-${uuid().slice(0, 8)}`, `stadt-eval-${uuid().slice(0, 8)}`];
  const ids = await programmeOfOwn(http, [a, b]);
  const goal = async (municipalityId: string, title: string) => {
    const body = goalBody({ programmeId: ids.programme, phaseId: ids.model, municipalityId, themeArea: THEME, title, occurredAt: '2012-10-15' });
    await http().post('/v1/goals').send(body).expect(201);
    return body.id;
  };
  const status = async (goalId: string, to: string, occurredAt: string, reason = 'Quartalsgespräch') =>
    ((await http().post(`/v1/goals/${goalId}/status`).send({ status: to, reason, occurredAt }).expect(200)).body as WriteBody).position;
  const review = (quarter: string, heldOn: string, assessments: object[]) =>
    http().post(`/v1/municipalities/${a}/reviews`).send({ quarter, heldOn, participants: ['Koordinierungsstelle'], summary: 'Stand', assessments }).expect(201);

  const [built, dropped, carried, waiting] = [await goal(a, 'Netzwerk Frühe Hilfen'), await goal(a, 'Elterncafé'), await goal(a, 'Präventionskette'), await goal(b, 'Kita-Sozialarbeit')];
  await status(built, 'in_progress', '2013-02-01');
  await status(carried, 'in_progress', '2013-03-01');
  await review('2013-Q1', '2013-03-20', [{ goalId: built, progress: 'on_track', note: 'begonnen' }]);
  await review('2013-Q2', '2013-06-20', [{ goalId: built, progress: 'delayed', note: 'Personalwechsel' }]);
  await status(built, 'largely_implemented', '2015-06-01');
  await review('2015-Q3', '2015-09-22', [{ goalId: built, progress: 'achieved', note: 'verstetigt' }]);
  await http().post(`/v1/goals/${carried}/carry-over`).send({ toPhaseId: ids.rollout, reason: 'wird im Roll-out fortgeführt', occurredAt: '2016-01-15' }).expect(200);
  await status(carried, 'largely_implemented', '2017-05-01');
  await status(built, 'implemented', '2016-03-01');
  const beforeDiscontinuation = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const last = await status(dropped, 'discontinued', '2014-05-01', 'Träger hat sich zurückgezogen');
  return { a, b, ids, goals: { built, dropped, carried, waiting }, beforeDiscontinuation, last };
}

const evaluationOf = async (http: Http, programmeId: string, phaseId: string, query: Record<string, string> = {}) => {
  const response = await http().get(`/v1/programmes/${programmeId}/phases/${phaseId}/evaluation`).query(query).expect(200);
  expect(response.headers['x-log-position']).toBe(String((response.body as PhaseEvaluationBody).logPosition));
  return response.body as PhaseEvaluationBody;
};

const goalsOf = (evaluation: PhaseEvaluationBody, municipalityId: string) =>
  new Map((evaluation.municipalities.find((m) => m.municipalityId === municipalityId)?.themeAreas ?? []).flatMap((area) => area.goals).map((goal) => [goal.id, goal]));

onBothStores(({ http }) => {
  describe('phase evaluation', () => {
    it("shows each goal's status at the phase's end, its last assessment, carry-over and reason for stopping, and the quarterly rhythm's gaps", async () => {
      const { a, b, ids, goals, last } = await programmeWithHistory(http);
      const evaluation = await evaluationOf(http, ids.programme, ids.model, { minPosition: String(last) });
      expect(evaluation.asOf).toBe('2015-09-30T23:59:59.999Z');
      expect(evaluation.logPosition).toBeGreaterThanOrEqual(last);
      expect(evaluation.totals).toEqual({
        municipalities: 2,
        goals: 4,
        byStatus: { ...NO_STATUSES, agreed: 1, in_progress: 1, largely_implemented: 1, discontinued: 1 },
        reviewsHeld: 3,
        // 2012-Q1 to 2015-Q2 were owed (2015-Q3's review period runs to 11 November): 14 quarters each.
        missingReviews: 12 + 14,
        carriedOver: 1,
        discontinued: 1,
      });
      const [first, second] = evaluation.municipalities;
      expect([first.municipalityId, second.municipalityId].sort()).toEqual([a, b].sort());
      const ofA = evaluation.municipalities.find((m) => m.municipalityId === a) as MunicipalityOutcomeBody;
      expect(ofA.reviews.expectedQuarters).toBe(14);
      expect(ofA.reviews.held.map((review) => review.quarter)).toEqual(['2013-Q1', '2013-Q2', '2015-Q3']);
      expect(ofA.reviews.missingQuarters).toEqual(['2012-Q1', '2012-Q2', '2012-Q3', '2012-Q4', '2013-Q3', '2013-Q4', '2014-Q1', '2014-Q2', '2014-Q3', '2014-Q4', '2015-Q1', '2015-Q2']);
      expect(ofA.themeAreas.find((area) => area.themeArea === THEME)?.byStatus).toEqual({ ...NO_STATUSES, in_progress: 1, largely_implemented: 1, discontinued: 1 });
      const outcomes = goalsOf(evaluation, a);
      expect(outcomes.get(goals.built)).toMatchObject({ status: 'largely_implemented', lastAssessment: { quarter: '2015-Q3', progress: 'achieved', note: 'verstetigt' }, carriedOverTo: null, discontinuedReason: null });
      expect(outcomes.get(goals.dropped)).toMatchObject({ status: 'discontinued', lastAssessment: null, discontinuedReason: 'Träger hat sich zurückgezogen' });
      expect(outcomes.get(goals.carried)).toMatchObject({ status: 'in_progress', carriedOverTo: ids.rollout });
      expect(goalsOf(evaluation, b).get(goals.waiting)).toMatchObject({ status: 'agreed', lastAssessment: null });
    });

    it('answers as of an earlier date, and as known before a later entry was recorded', async () => {
      const { a, ids, goals, beforeDiscontinuation, last } = await programmeWithHistory(http);
      const mid = await evaluationOf(http, ids.programme, ids.model, { asOf: '2013-12-31', minPosition: String(last) });
      expect(goalsOf(mid, a).get(goals.built)).toMatchObject({ status: 'in_progress', lastAssessment: { quarter: '2013-Q2', progress: 'delayed' } });
      expect(mid.totals.reviewsHeld).toBe(2);
      expect(goalsOf(mid, a).get(goals.carried)).toMatchObject({ status: 'in_progress', carriedOverTo: ids.rollout });

      const then = await evaluationOf(http, ids.programme, ids.model, { knownAt: beforeDiscontinuation });
      expect(then.knownAt).toBe(beforeDiscontinuation);
      expect(goalsOf(then, a).get(goals.dropped)).toMatchObject({ status: 'agreed', discontinuedReason: null });
      expect(then.totals.discontinued).toBe(0);
      expect(then.logPosition).toBeLessThan(last);
      // The same knownAt gives the same answer, whatever was recorded since.
      expect(await evaluationOf(http, ids.programme, ids.model, { knownAt: beforeDiscontinuation })).toEqual(then);
    });

    it('owes reviews in every enrolment of a municipality that left the phase and joined again', async () => {
      const { b, ids } = await programmeWithHistory(http);
      await http().post(`/v1/municipalities/${b}/enrolments/${ids.programme}/${ids.model}/end`).send({ until: '2013-06-30', occurredAt: '2013-06-30' }).expect(200);
      const again = await http().post(`/v1/municipalities/${b}/enrolments`).send({ programmeId: ids.programme, phaseId: ids.model, from: '2014-01-01', occurredAt: '2013-12-01' }).expect(201);
      const evaluation = await evaluationOf(http, ids.programme, ids.model, { minPosition: String((again.body as WriteBody).position) });
      const municipality = evaluation.municipalities.find((m) => m.municipalityId === b) as MunicipalityOutcomeBody & { enrolments: unknown[]; enrolment: unknown };
      expect(municipality.enrolments).toEqual([
        { from: '2012-01-01', until: '2013-06-30' },
        { from: '2014-01-01', until: null },
      ]);
      expect(municipality.enrolment).toEqual({ from: '2014-01-01', until: null });
      // 2012-Q1 … 2013-Q2 and 2014-Q1 … 2015-Q2 (2015-Q3's review period ends after the phase).
      expect(municipality.reviews.expectedQuarters).toBe(12);
      expect(municipality.reviews.missingQuarters).not.toContain('2013-Q3');
    });

    it("names a discontinued goal's reason as corrected, and the history shows both", async () => {
      const { a, ids, goals } = await programmeWithHistory(http);
      const fixed = await http().post(`/v1/goals/${goals.dropped}/corrections`).send({ revision: 1, changes: { reason: 'Förderung ausgelaufen' }, reason: 'Protokoll nachgereicht' }).expect(200);
      const evaluation = await evaluationOf(http, ids.programme, ids.model, { minPosition: String((fixed.body as WriteBody).position) });
      expect(goalsOf(evaluation, a).get(goals.dropped)?.discontinuedReason).toBe('Förderung ausgelaufen');
      const history = (await http().get(`/v1/goals/${goals.dropped}/history`).expect(200)).body as { items: { revision: number; reason: string | null; effectiveReason: string | null }[] };
      expect(history.items.map((entry) => [entry.revision, entry.reason, entry.effectiveReason])).toEqual([
        [0, null, null],
        [1, 'Träger hat sich zurückgezogen', 'Förderung ausgelaufen'],
        [2, 'Protokoll nachgereicht', 'Protokoll nachgereicht'],
      ]);
    });

    it('evaluates a phase that has not ended as far as it had got by knownAt: the same answer when asked again later', async () => {
      const { ids, beforeDiscontinuation } = await programmeWithHistory(http);
      const then = await evaluationOf(http, ids.programme, ids.rollout, { knownAt: beforeDiscontinuation });
      expect(then.asOf).toBe(beforeDiscontinuation);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await evaluationOf(http, ids.programme, ids.rollout, { knownAt: beforeDiscontinuation })).toEqual(then);
    });

    it('owes no quarter yet to come at an asOf beyond today, up to the last day the API takes (9999-12-31), where every view still shows what is open', async () => {
      const { a, ids, goals, last } = await programmeWithHistory(http);
      const today = await evaluationOf(http, ids.programme, ids.rollout, { minPosition: String(last) });
      const missing = (evaluation: PhaseEvaluationBody) => evaluation.municipalities.map((m) => [m.municipalityId, m.reviews.missingQuarters]);
      for (const asOf of ['2030-12-31', '9999-12-30', '9999-12-31']) {
        const later = await evaluationOf(http, ids.programme, ids.rollout, { asOf });
        expect([later.totals.goals, later.totals.missingReviews, missing(later)]).toEqual([today.totals.goals, today.totals.missingReviews, missing(today)]);
      }
      expect(today.totals.goals).toBe(1);
      const goal = (await http().get(`/v1/goals/${goals.carried}`).query({ asOf: '9999-12-31' }).expect(200)).body as { status: string };
      expect(goal.status).toBe('largely_implemented');
      expect((await http().get(`/v1/municipalities/${a}`).query({ asOf: '9999-12-31' }).expect(200)).body).toMatchObject({ id: a });
    });

    it("sets a programme's phases side by side, with the carried goal's status at the end of each", async () => {
      const { a, ids, goals, last } = await programmeWithHistory(http);
      const response = await http().get(`/v1/programmes/${ids.programme}/evaluation`).query({ minPosition: String(last) }).expect(200);
      const body = response.body as { phases: PhaseEvaluationBody[]; carriedOver: unknown[]; logPosition: number };
      expect(body.phases.map((side) => [side.phase.id, side.asOf.slice(0, 10)])).toEqual([
        [ids.model, '2015-09-30'],
        [ids.rollout, expect.stringMatching(/^\d{4}-\d\d-\d\d$/)],
      ]);
      expect(body.phases[1].totals).toMatchObject({ goals: 1, byStatus: { ...NO_STATUSES, largely_implemented: 1 } });
      expect(body.carriedOver).toEqual([
        {
          goalId: goals.carried,
          municipalityId: a,
          title: 'Präventionskette',
          statusAtPhaseEnd: [
            { phaseId: ids.model, status: 'in_progress' },
            { phaseId: ids.rollout, status: 'largely_implemented' },
          ],
        },
      ]);
      expect(body.logPosition).toBeGreaterThanOrEqual(last);
    });

    it('names the signed tree head it was built from: the tree of every event up to its log position', async () => {
      const { ids, last } = await programmeWithHistory(http);
      const evaluation = (await http().get(`/v1/programmes/${ids.programme}/phases/${ids.model}/evaluation`).query({ minPosition: String(last) }).expect(200)).body as PhaseEvaluationBody & { treeHead: SignedTreeHead };
      await expectHeadCovering(http, evaluation.treeHead, evaluation.logPosition);
      const side = (await http().get(`/v1/programmes/${ids.programme}/evaluation`).expect(200)).body as { logPosition: number; treeHead: SignedTreeHead };
      await expectHeadCovering(http, side.treeHead, side.logPosition);
    });

    it('answers an unknown programme or phase with 404, and names malformed parameters', async () => {
      expectProblem(await http().get('/v1/programmes/nirgendwo/phases/model/evaluation'), 404, 'programme-not-found');
      expectProblem(await http().get('/v1/programmes/nirgendwo/evaluation'), 404, 'programme-not-found');
      const { ids } = await programmeWithHistory(http);
      expectProblem(await http().get(`/v1/programmes/${ids.programme}/phases/nirgendwo/evaluation`), 404, 'phase-not-found');
      expect(offending(await http().get(`/v1/programmes/${ids.programme}/phases/${ids.model}/evaluation`).query({ asOf: '2015-02-30', knownAt: 'gestern', minPosition: '-1', x: '1' }))).toEqual([
        'query:asOf',
        'query:knownAt',
        'query:minPosition',
        'query:x',
      ]);
      expect(offending(await http().get(`/v1/programmes/${ids.programme}/evaluation`).query({ asOf: '2015-09-30' }))).toEqual(['query:asOf']);
      await fuzzQueries(http, `/v1/programmes/${ids.programme}/phases/${ids.model}/evaluation`, ['asOf', 'knownAt', 'minPosition'], 'application/json', 30);
    });
  });
});
