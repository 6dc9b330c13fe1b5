import type { Kysely } from 'kysely';
import { quarterDates, type Phase } from '#domain';
import { GoalQueries } from '../goals/goal.queries.js';
import type { GoalTables } from '../goals/goals.tables.js';
import { MunicipalityQueries } from '../municipalities/municipality.queries.js';
import type { MunicipalitySnapshot } from '../municipalities/municipalities.read-model.js';
import { ProgrammeQueries } from '../programmes/programme.queries.js';
import { ReviewQueries } from '../reviews/review.queries.js';
import type { ReviewSnapshot } from '../reviews/reviews.read-model.js';
import type { StreamPage, StreamView } from '../streams/stream-queries.js';
import type { KeysetCursor, PointOfView } from '../timeline/point-of-view.js';
import { GoalOutcomeQueries } from './goal-outcomes.queries.js';
import { evaluatePhase, type EnrolmentSpan, type EvaluatedMunicipality, type HeldReview, type LastAssessment, type PhaseOutcome } from './phase-evaluation.js';

/** Rows read per query while an evaluation gathers its municipalities and reviews. */
const PAGE = 200;

/** A phase's evaluation at one point of view, with the log position it reflects. */
export interface PhaseEvaluation extends PhaseOutcome {
  readonly phase: Phase;
  readonly view: PointOfView;
  readonly logPosition: number;
}

/** Where the evaluation stands in system time, and in world time unless the phase's end is to decide it. */
export interface EvaluationRequest {
  readonly knownAt: string;
  readonly currentKnowledge: boolean;
  /** An instant; without it, the end of the phase's last day (its actual end, else its planned end), or `knownAt` if earlier. */
  readonly asOf?: string;
  /** Now: a `knownAt` in the future does not make quarters yet to come owed. */
  readonly now: string;
}

export type EvaluationAnswer<T> = { readonly found: T } | { readonly missing: 'programme' | 'phase' };

/**
 * Gathers what a phase's evaluation needs from the read models — the programme's phases, the municipalities
 * enrolled in the phase, the goals that belonged to it, the reviews of the municipalities in the phase's
 * quarters, carry-overs and reasons for discontinuation — all at one point of view, and hands them to the
 * pure `evaluatePhase`. No log is replayed.
 */
export class EvaluationQueries {
  private readonly programmes: ProgrammeQueries;
  private readonly municipalities: MunicipalityQueries;
  private readonly reviews: ReviewQueries;
  private readonly goals: GoalQueries;
  private readonly outcomes: GoalOutcomeQueries;

  constructor(db: Kysely<unknown>) {
    this.programmes = new ProgrammeQueries(db);
    this.municipalities = new MunicipalityQueries(db);
    this.reviews = new ReviewQueries(db);
    this.goals = new GoalQueries(db as Kysely<GoalTables>);
    this.outcomes = new GoalOutcomeQueries(db as Kysely<GoalTables>);
  }

  /** The programme's phases as known at `knownAt` (world time: as late as known then), or undefined. */
  async phasesOf(programmeId: string, request: EvaluationRequest): Promise<readonly Phase[] | undefined> {
    const latest: PointOfView = { asOf: request.knownAt, knownAt: request.knownAt, currentWorld: request.currentKnowledge, currentKnowledge: request.currentKnowledge };
    return (await this.programmes.get(programmeId, latest))?.snapshot.phases;
  }

  async phase(programmeId: string, phaseId: string, request: EvaluationRequest): Promise<EvaluationAnswer<PhaseEvaluation>> {
    const phases = await this.phasesOf(programmeId, request);
    if (!phases) return { missing: 'programme' };
    const phase = phases.find((candidate) => candidate.id === phaseId);
    if (!phase) return { missing: 'phase' };
    return { found: await this.evaluate(programmeId, phase, request) };
  }

  /** The phase's evaluation at `request.asOf`, or at the end of the phase. */
  async evaluate(programmeId: string, phase: Phase, request: EvaluationRequest): Promise<PhaseEvaluation> {
    const view = viewOf(phase, request);
    const asOfDay = view.asOf.slice(0, 10);
    // A quarter whose review period ends after knownAt (or now) is not owed yet, however late asOf is.
    const dueBy = [asOfDay, knownInstant(request).slice(0, 10)].sort()[0];
    const [enrolled, goals] = await Promise.all([this.enrolledIn(programmeId, phase.id, view), this.outcomes.inPhase(programmeId, phase.id, view)]);
    const municipalityIds = [...new Set([...enrolled.map((m) => m.municipalityId), ...goals.map((goal) => goal.municipalityId)])];
    const reviews = (await this.reviewsOf(municipalityIds, view)).filter(({ snapshot }) => overlaps(phase, snapshot.quarter, asOfDay));
    const goalIds = goals.map((goal) => goal.id);
    const discontinued = goals.filter((goal) => goal.status === 'discontinued').map((goal) => goal.id);
    const [carriedOver, discontinuedReasons, logPosition] = await Promise.all([
      this.outcomes.carriedOver(goalIds, phase.id, view),
      this.outcomes.discontinuedReasons(discontinued, view),
      this.logPosition(view),
    ]);
    const outcome = evaluatePhase({
      phase,
      dueBy,
      municipalities: enrolled,
      goals,
      reviews: reviews.map(heldReview),
      lastAssessments: lastAssessments(reviews),
      carriedOver,
      discontinuedReasons,
    });
    return { phase, view, logPosition, ...outcome };
  }

  /** The last log position any of the evaluation's read models had recorded by the view's `knownAt`. */
  private async logPosition(view: PointOfView): Promise<number> {
    const positions = await Promise.all([this.programmes, this.municipalities, this.reviews, this.goals].map((queries) => queries.logPosition(view)));
    return Math.max(0, ...positions);
  }

  private async enrolledIn(programmeId: string, phaseId: string, view: PointOfView): Promise<EvaluatedMunicipality[]> {
    const found = await everyPage((after) => this.municipalities.page({ programmeId: [programmeId], phaseId: [phaseId] }, { column: 'id', descending: false }, after, PAGE, view));
    return found.flatMap(({ id, snapshot }) => {
      const enrolments = enrolmentsIn(snapshot, programmeId, phaseId);
      if (enrolments.length === 0) return [];
      const themeAreas = snapshot.themeAreas.filter((area) => area.programmeId === programmeId && area.phaseId === phaseId).map(({ id: areaId, title }) => ({ id: areaId, title }));
      return [{ municipalityId: id, name: snapshot.name, enrolments, themeAreas }];
    });
  }

  private async reviewsOf(municipalityIds: readonly string[], view: PointOfView): Promise<StreamView<ReviewSnapshot>[]> {
    if (municipalityIds.length === 0) return [];
    return everyPage((after) => this.reviews.page({ municipalityId: municipalityIds }, { field: 'id', descending: false }, after, PAGE, view));
  }
}

/**
 * World time of a phase's evaluation: the given one, else the end of the phase's last day — but never later
 * than `knownAt` (or now): a phase still running (without an end, or ending in the future) is judged as far as it
 * had got, so the same `knownAt` gives the same answer later, and quarters yet to come are not owed.
 */
function viewOf(phase: Phase, request: EvaluationRequest): PointOfView {
  const end = phase.endedOn ?? phase.plannedEnd;
  const known = knownInstant(request);
  const lastInstant = end === null ? known : `${end}T23:59:59.999Z`;
  const asOf = request.asOf ?? (lastInstant < known ? lastInstant : known);
  return { asOf, knownAt: request.knownAt, currentWorld: false, currentKnowledge: request.currentKnowledge };
}

/** How far the evaluation knows: `knownAt`, but no later than now. */
const knownInstant = (request: EvaluationRequest): string => (request.knownAt < request.now ? request.knownAt : request.now);

/** A municipality's enrolments in the phase, earliest first: it may have left and joined again. */
function enrolmentsIn(snapshot: MunicipalitySnapshot, programmeId: string, phaseId: string): EnrolmentSpan[] {
  return snapshot.enrolments
    .filter((enrolment) => enrolment.programmeId === programmeId && enrolment.phaseId === phaseId)
    .map(({ from, until }) => ({ from, until }))
    .sort((a, b) => a.from.localeCompare(b.from));
}

/** Whether a review's quarter lies in the phase, up to the evaluation's day. */
function overlaps(phase: Phase, quarter: string, asOfDay: string): boolean {
  const { firstDay, lastDay } = quarterDates(quarter);
  return firstDay <= (phase.endedOn ?? phase.plannedEnd ?? asOfDay) && lastDay >= phase.startsOn;
}

function heldReview({ id, snapshot }: StreamView<ReviewSnapshot>): HeldReview {
  return { municipalityId: snapshot.municipalityId, quarter: snapshot.quarter, reviewId: id, heldOn: snapshot.heldOn };
}

/** Each goal's assessment in its latest review (by quarter). */
function lastAssessments(reviews: readonly StreamView<ReviewSnapshot>[]): Map<string, LastAssessment> {
  const latest = new Map<string, LastAssessment>();
  const byQuarter = [...reviews].sort((a, b) => a.snapshot.quarter.localeCompare(b.snapshot.quarter));
  for (const { id, snapshot } of byQuarter) {
    for (const { goalId, progress, note } of snapshot.assessments) latest.set(goalId, { reviewId: id, quarter: snapshot.quarter, heldOn: snapshot.heldOn, progress, note });
  }
  return latest;
}

async function everyPage<Snap>(page: (after: KeysetCursor | undefined) => Promise<StreamPage<Snap>>): Promise<StreamView<Snap>[]> {
  const items: StreamView<Snap>[] = [];
  let after: KeysetCursor | undefined;
  do {
    const found = await page(after);
    items.push(...found.items);
    after = found.next;
  } while (after);
  return items;
}

/** A goal carried from one phase into another, with its status at the end of each phase of the programme. */
export interface CarriedGoal {
  readonly goalId: string;
  readonly municipalityId: string;
  readonly title: string;
  /** Per phase, in the programme's order: the goal's status at that phase's end, null where it was not in it. */
  readonly statusAtPhaseEnd: readonly { readonly phaseId: string; readonly status: string | null }[];
}

export interface ProgrammeEvaluation {
  readonly phases: readonly PhaseEvaluation[];
  readonly carriedOver: readonly CarriedGoal[];
  readonly logPosition: number;
}

/** The phases of a programme side by side, each at its own end, and the goals carried across them. */
export async function evaluateProgramme(queries: EvaluationQueries, programmeId: string, request: Omit<EvaluationRequest, 'asOf'>): Promise<EvaluationAnswer<ProgrammeEvaluation>> {
  const phases = await queries.phasesOf(programmeId, request);
  if (!phases) return { missing: 'programme' };
  const evaluations: PhaseEvaluation[] = [];
  for (const phase of phases) evaluations.push(await queries.evaluate(programmeId, phase, request));
  const statusAt = evaluations.map((evaluation) => new Map(goalsOf(evaluation).map((goal) => [goal.id, goal.status])));
  const carried = new Map<string, { municipalityId: string; title: string }>();
  for (const evaluation of evaluations) {
    for (const municipality of evaluation.municipalities) {
      for (const goal of goalsOfMunicipality(municipality)) if (goal.carriedOverTo !== null && !carried.has(goal.id)) carried.set(goal.id, { municipalityId: municipality.municipalityId, title: goal.title });
    }
  }
  const carriedOver = [...carried].map(([goalId, { municipalityId, title }]) => ({
    goalId,
    municipalityId,
    title,
    statusAtPhaseEnd: evaluations.map((evaluation, i) => ({ phaseId: evaluation.phase.id, status: statusAt[i].get(goalId) ?? null })),
  }));
  return { found: { phases: evaluations, carriedOver, logPosition: Math.max(0, ...evaluations.map((evaluation) => evaluation.logPosition)) } };
}

const goalsOfMunicipality = (municipality: PhaseOutcome['municipalities'][number]) => municipality.themeAreas.flatMap((area) => area.goals);
const goalsOf = (evaluation: PhaseOutcome) => evaluation.municipalities.flatMap(goalsOfMunicipality);
