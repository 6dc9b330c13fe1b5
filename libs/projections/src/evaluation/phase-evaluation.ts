import { GOAL_STATUSES, quarterDates, quarterOf, quartersBetween, type GoalStatus, type Phase, type Progress } from '#domain';

/** Goals per status, every status named (zero included), in workflow order. */
export type StatusCounts = Record<GoalStatus, number>;

/** First and last day of an enrolment in the phase (null: still enrolled). */
export interface EnrolmentSpan {
  readonly from: string;
  readonly until: string | null;
}

/** A municipality taking part in the phase, as the registry knew it at the view. */
export interface EvaluatedMunicipality {
  readonly municipalityId: string;
  readonly name: string;
  /** Its enrolments in the phase, earliest first: one that left the phase and joined again has several. */
  readonly enrolments: readonly EnrolmentSpan[];
  readonly themeAreas: readonly { readonly id: string; readonly title: string }[];
}

/** A goal of the phase as it stood at the evaluation's `asOf`. */
export interface EvaluatedGoal {
  readonly id: string;
  readonly municipalityId: string;
  readonly themeArea: string;
  readonly title: string;
  readonly status: GoalStatus;
}

export interface HeldReview {
  readonly municipalityId: string;
  readonly quarter: string;
  readonly reviewId: string;
  readonly heldOn: string;
}

export interface LastAssessment {
  readonly reviewId: string;
  readonly quarter: string;
  readonly heldOn: string;
  readonly progress: Progress;
  readonly note: string;
}

/** Everything the read models answered for one phase, one point of view. */
export interface PhaseFacts {
  readonly phase: Phase;
  /**
   * The day (YYYY-MM-DD) by which reviews count as owed: the evaluation's world time (the phase's end unless
   * asked otherwise), but never later than the day it is known at.
   */
  readonly dueBy: string;
  readonly municipalities: readonly EvaluatedMunicipality[];
  readonly goals: readonly EvaluatedGoal[];
  readonly reviews: readonly HeldReview[];
  readonly lastAssessments: ReadonlyMap<string, LastAssessment>;
  /** Goal id → the phase it was carried over into, for carry-overs out of this phase. */
  readonly carriedOver: ReadonlyMap<string, string>;
  /** Goal id → the reason given when it was discontinued. */
  readonly discontinuedReasons: ReadonlyMap<string, string>;
}

export interface GoalOutcome extends Omit<EvaluatedGoal, 'municipalityId' | 'themeArea'> {
  readonly lastAssessment: LastAssessment | null;
  readonly carriedOverTo: string | null;
  readonly discontinuedReason: string | null;
}

export interface ThemeAreaOutcome {
  readonly themeArea: string;
  /** Null for a key the municipality's registry entry does not (or no longer) list. */
  readonly title: string | null;
  readonly byStatus: StatusCounts;
  readonly goals: readonly GoalOutcome[];
}

export interface ReviewRhythm {
  /** The quarters a review was due in: from the enrolment's (or phase's) first quarter to its last one by `asOf`. */
  readonly expectedQuarters: number;
  readonly held: readonly Omit<HeldReview, 'municipalityId'>[];
  /** Due quarters without a review: the gaps in the quarterly rhythm. */
  readonly missingQuarters: readonly string[];
}

export interface MunicipalityOutcome {
  readonly municipalityId: string;
  /** Null for a municipality that has goals in the phase but no enrolment in it at the view. */
  readonly name: string | null;
  /** Its latest enrolment in the phase. */
  readonly enrolment: EnrolmentSpan | null;
  /** Every enrolment in the phase, earliest first (empty without one). */
  readonly enrolments: readonly EnrolmentSpan[];
  readonly byStatus: StatusCounts;
  readonly reviews: ReviewRhythm;
  readonly themeAreas: readonly ThemeAreaOutcome[];
}

export interface PhaseTotals {
  readonly municipalities: number;
  readonly goals: number;
  readonly byStatus: StatusCounts;
  readonly reviewsHeld: number;
  readonly missingReviews: number;
  readonly carriedOver: number;
  readonly discontinued: number;
}

export interface PhaseOutcome {
  readonly totals: PhaseTotals;
  readonly municipalities: readonly MunicipalityOutcome[];
}

export function noStatuses(): StatusCounts {
  return Object.fromEntries(GOAL_STATUSES.map((status) => [status, 0])) as StatusCounts;
}

function countStatuses(goals: readonly { readonly status: GoalStatus }[]): StatusCounts {
  const counts = noStatuses();
  for (const goal of goals) counts[goal.status] += 1;
  return counts;
}

/**
 * The quarters a municipality owed a review in by the view's day: every quarter of its enrolment within
 * the phase whose review period (the quarter plus REVIEW_GRACE_DAYS) was over. A review held for a quarter
 * not yet owed is listed all the same; it just cannot be missing.
 */
export function dueQuarters(phase: Phase, enrolment: EnrolmentSpan, asOfDay: string): string[] {
  const first = [phase.startsOn, enrolment.from].sort()[1];
  const last = [phase.endedOn ?? phase.plannedEnd ?? asOfDay, asOfDay, ...(enrolment.until ? [enrolment.until] : [])].sort()[0];
  if (last < first) return [];
  return quartersBetween(quarterOf(first), quarterOf(last)).filter((quarter) => quarterDates(quarter).latestReviewDay <= asOfDay);
}

/** The quarters owed over several enrolments in the phase (a municipality that left and joined again), in order. */
export function dueQuartersOf(phase: Phase, enrolments: readonly EnrolmentSpan[], asOfDay: string): string[] {
  return [...new Set(enrolments.flatMap((enrolment) => dueQuarters(phase, enrolment, asOfDay)))].sort();
}

/**
 * A phase's evaluation from the facts the read models gave: per municipality and theme area the goals with
 * their status, last assessment, carry-over and reason for discontinuation; counts by status; the quarterly
 * rhythm of reviews with its gaps. Pure, so that the figures are tested without a database.
 */
export function evaluatePhase(facts: PhaseFacts): PhaseOutcome {
  const enrolled = new Map(facts.municipalities.map((municipality) => [municipality.municipalityId, municipality]));
  const ids = [...new Set([...enrolled.keys(), ...facts.goals.map((goal) => goal.municipalityId)])].sort();
  const municipalities = ids.map((municipalityId) => {
    const municipality = enrolled.get(municipalityId);
    const goals = facts.goals.filter((goal) => goal.municipalityId === municipalityId);
    const enrolments = municipality?.enrolments ?? [];
    return {
      municipalityId,
      name: municipality?.name ?? null,
      enrolment: enrolments.at(-1) ?? null,
      enrolments,
      byStatus: countStatuses(goals),
      reviews: rhythm(facts, municipalityId, enrolments),
      themeAreas: themeAreasOf(facts, municipality, goals),
    };
  });
  const carriedOver = facts.goals.filter((goal) => facts.carriedOver.has(goal.id)).length;
  return {
    totals: {
      municipalities: municipalities.length,
      goals: facts.goals.length,
      byStatus: countStatuses(facts.goals),
      reviewsHeld: municipalities.reduce((sum, m) => sum + m.reviews.held.length, 0),
      missingReviews: municipalities.reduce((sum, m) => sum + m.reviews.missingQuarters.length, 0),
      carriedOver,
      discontinued: facts.goals.filter((goal) => goal.status === 'discontinued').length,
    },
    municipalities,
  };
}

function rhythm(facts: PhaseFacts, municipalityId: string, enrolments: readonly EnrolmentSpan[]): ReviewRhythm {
  // Without an enrolment in the phase, the municipality owed the coordination office no reviews.
  const due = dueQuartersOf(facts.phase, enrolments, facts.dueBy);
  const held = facts.reviews
    .filter((review) => review.municipalityId === municipalityId)
    .map(({ quarter, reviewId, heldOn }) => ({ quarter, reviewId, heldOn }))
    .sort((a, b) => a.quarter.localeCompare(b.quarter));
  const heldQuarters = new Set(held.map((review) => review.quarter));
  return { expectedQuarters: due.length, held, missingQuarters: due.filter((quarter) => !heldQuarters.has(quarter)) };
}

function themeAreasOf(facts: PhaseFacts, municipality: EvaluatedMunicipality | undefined, goals: readonly EvaluatedGoal[]): ThemeAreaOutcome[] {
  const titles = new Map((municipality?.themeAreas ?? []).map((area) => [area.id, area.title]));
  const keys = [...new Set([...titles.keys(), ...goals.map((goal) => goal.themeArea)])].sort();
  return keys.map((themeArea) => {
    const inArea = goals.filter((goal) => goal.themeArea === themeArea).sort((a, b) => a.id.localeCompare(b.id));
    return {
      themeArea,
      title: titles.get(themeArea) ?? null,
      byStatus: countStatuses(inArea),
      goals: inArea.map(({ id, title, status }) => ({
        id,
        title,
        status,
        lastAssessment: facts.lastAssessments.get(id) ?? null,
        carriedOverTo: facts.carriedOver.get(id) ?? null,
        discontinuedReason: status === 'discontinued' ? (facts.discontinuedReasons.get(id) ?? null) : null,
      })),
    };
  });
}
