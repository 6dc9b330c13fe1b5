import { v7 as uuidv7 } from 'uuid';
import { goalStream, municipalityStream, programmeStream, reviewStream, type GoalStatus } from '#domain';
import type { NewEvent } from '#event-store';

/**
 * The programme's world as a log of a million events, generated deterministically (the same target gives
 * the same world): one programme with a model phase (2012 – 2015-09-30) and a roll-out phase (from
 * 2016), fifty municipalities with social spaces, enrolments and theme areas, one of them with exactly
 * 1,000 goals, the others with as many as it takes to reach the target, and a review per municipality
 * and quarter. Goals move along the status workflow quarter by quarter in world time; some revisions are
 * recorded a year after they happened (backdated), and some facts are corrected later (superseded or
 * retracted). The log is recorded year by year, so that knownAt walks through the world's history.
 */

export const PROGRAMME = 'kekiz';
export const MODEL_PHASE = 'modellphase';
export const ROLLOUT_PHASE = 'roll-out';
export const BIG_MUNICIPALITY = 'kreis-warendorf';
export const BIG_MUNICIPALITY_GOALS = 1000;
const MUNICIPALITIES = 50;
/** The first 36 took part in the model phase; the other 14 joined for the roll-out. */
const MODEL_MUNICIPALITIES = 36;
const THEME_AREAS = ['steuerung', 'ben', 'fruehe-hilfen', 'arbeitslosigkeit'] as const;
const ACTOR = 'koordinierungsstelle';

/** Quarter 0 is 2012-Q4 (the goal-concretisation workshops); the last is 2026-Q3. */
export const LAST_QUARTER = 55;
/** 2016-Q1: the roll-out begins and open model-phase goals are carried over. */
const CARRY_OVER_QUARTER = 13;
const LAST_MODEL_FORMULATION = 11;
const FIRST_ROLLOUT_FORMULATION = 13;
const LAST_ROLLOUT_FORMULATION = 52;
/** Assessments per review (the catalogue allows 500; a conversation covers a few dozen goals). */
const ASSESSED_PER_REVIEW = 30;

export const quarterName = (index: number): string => `${2012 + Math.floor((index + 3) / 4)}-Q${((index + 3) % 4) + 1}`;
const yearOf = (quarter: number): number => 2012 + Math.floor((quarter + 3) / 4);
/** The years the log is recorded in, one after the other. */
export const YEARS: readonly number[] = Array.from({ length: yearOf(LAST_QUARTER) - 2011 }, (_, i) => 2012 + i);

/** Midnight UTC of day `day` (0 – 84) of quarter `quarter`. */
function dayOfQuarter(quarter: number, day: number): string {
  const year = 2012 + Math.floor((quarter + 3) / 4);
  const month = ((quarter + 3) % 4) * 3;
  return new Date(Date.UTC(year, month, 1 + day)).toISOString();
}

/** A small seeded generator (mulberry32): the world must be the same in every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MunicipalityPlan {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly inModelPhase: boolean;
  readonly socialSpaces: readonly string[];
}

export interface GoalPlan {
  readonly id: string;
  readonly municipality: MunicipalityPlan;
  /** The goal's number within its municipality. */
  readonly number: number;
  readonly formulatedIn: number;
  readonly phase: typeof MODEL_PHASE | typeof ROLLOUT_PHASE;
}

export interface WorldPlan {
  readonly target: number;
  readonly municipalities: readonly MunicipalityPlan[];
  readonly goals: readonly GoalPlan[];
  /** Events the world's log holds once every year is recorded. */
  readonly total: number;
}

/** One append: events of one stream recorded together. */
export interface Append {
  readonly stream: string;
  readonly expected: number | 'no-stream';
  readonly events: NewEvent[];
}

/** A fact as the generator plans it: what happened when in the world, and in which year it is recorded. */
interface Fact {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
  readonly year: number;
}

function municipalities(): MunicipalityPlan[] {
  return Array.from({ length: MUNICIPALITIES }, (_, index) => {
    const big = index === 0;
    const id = big ? BIG_MUNICIPALITY : `modellkommune-${String(index + 1).padStart(2, '0')}`;
    const spaces = big ? ['muessingen', 'einen', 'milte', 'ahlen-sued', 'beckum-nord', 'oelde-mitte', 'ennigerloh', 'sendenhorst'] : ['nord', 'mitte', 'sued'];
    return {
      index,
      id,
      name: big ? 'Kreis Warendorf' : `Modellkommune ${index + 1}`,
      inModelPhase: index < MODEL_MUNICIPALITIES,
      socialSpaces: spaces.map((space) => `${id}-${space}`),
    };
  });
}

function goalPlan(municipality: MunicipalityPlan, number: number): GoalPlan {
  const rng = random(municipality.index * 100_003 + number * 7919 + 17);
  const model = municipality.inModelPhase && rng() < 0.4;
  const formulatedIn = model
    ? Math.floor(rng() * (LAST_MODEL_FORMULATION + 1))
    : FIRST_ROLLOUT_FORMULATION + Math.floor(rng() * (LAST_ROLLOUT_FORMULATION - FIRST_ROLLOUT_FORMULATION + 1));
  return { id: `${municipality.id}-ziel-${number}`, municipality, number, formulatedIn, phase: model ? MODEL_PHASE : ROLLOUT_PHASE };
}

/** The world whose log holds about `target` events: the big municipality's 1,000 goals, then others in turn. */
export function planWorld(target: number): WorldPlan {
  const all = municipalities();
  let total = fixedEvents(all);
  const goals: GoalPlan[] = [];
  const add = (goal: GoalPlan) => {
    goals.push(goal);
    total += goalFacts(goal).length;
  };
  for (let number = 0; number < BIG_MUNICIPALITY_GOALS; number += 1) add(goalPlan(all[0], number));
  for (let turn = 0; total < target; turn += 1) add(goalPlan(all[1 + (turn % (MUNICIPALITIES - 1))], Math.floor(turn / (MUNICIPALITIES - 1))));
  return { target, municipalities: all, goals, total };
}

/** The events of the programme, the municipalities and the reviews, which do not depend on the goals. */
function fixedEvents(all: readonly MunicipalityPlan[]): number {
  return YEARS.reduce((sum, year) => sum + programmeFacts(year).length + all.reduce((n, m) => n + municipalityFacts(m, year).length + reviewQuarters(m, year).length, 0), 0);
}

function programmeFacts(year: number): Fact[] {
  const fact = (type: string, data: Record<string, unknown>, occurredAt: string): Fact => ({ type, data, occurredAt, year });
  if (year === 2012) {
    return [
      fact('ProgrammeRegistered', { programmeId: PROGRAMME, name: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor' }, '2011-12-01T00:00:00.000Z'),
      fact('PhaseOpened', { programmeId: PROGRAMME, phaseId: MODEL_PHASE, kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30' }, '2012-01-01T00:00:00.000Z'),
    ];
  }
  if (year === 2015) {
    return [
      fact('PhaseClosed', { programmeId: PROGRAMME, phaseId: MODEL_PHASE, endedOn: '2015-09-30' }, '2015-09-30T00:00:00.000Z'),
      fact('PhaseOpened', { programmeId: PROGRAMME, phaseId: ROLLOUT_PHASE, kind: 'rollout', title: 'Landesweite Umsetzung', startsOn: '2016-01-01', plannedEnd: null }, '2015-11-15T00:00:00.000Z'),
    ];
  }
  return [];
}

function municipalityFacts(m: MunicipalityPlan, year: number): Fact[] {
  const facts: Fact[] = [];
  const fact = (type: string, data: Record<string, unknown>, occurredAt: string) => facts.push({ type, data: { municipalityId: m.id, ...data }, occurredAt, year });
  const themeAreas = (phaseId: string, at: string) => {
    for (const area of THEME_AREAS) fact('ThemeAreaDefined', { programmeId: PROGRAMME, phaseId, themeAreaId: area, title: `${area} (${phaseId})` }, at);
  };
  const joinsIn = m.inModelPhase ? 2012 : 2015;
  if (year === joinsIn) {
    const at = m.inModelPhase ? '2012-01-01T00:00:00.000Z' : '2015-12-01T00:00:00.000Z';
    fact('MunicipalityRegistered', { name: m.name, kind: m.index % 3 === 0 ? 'Kreis' : 'kreisfreie Stadt', ags: String(5000 + m.index).padStart(5, '0'), parentId: null }, at);
    for (const space of m.socialSpaces) fact('SocialSpaceAdded', { socialSpaceId: space, name: `Sozialraum ${space}` }, at);
  }
  if (year === 2012 && m.inModelPhase) {
    fact('MunicipalityEnrolled', { programmeId: PROGRAMME, phaseId: MODEL_PHASE, from: '2012-01-01' }, '2012-01-01T00:00:00.000Z');
    themeAreas(MODEL_PHASE, '2012-10-01T00:00:00.000Z');
  }
  if (year === 2015) {
    if (m.inModelPhase) fact('EnrolmentEnded', { programmeId: PROGRAMME, phaseId: MODEL_PHASE, until: '2015-09-30' }, '2015-09-30T00:00:00.000Z');
    fact('MunicipalityEnrolled', { programmeId: PROGRAMME, phaseId: ROLLOUT_PHASE, from: '2016-01-01' }, '2015-12-01T00:00:00.000Z');
    themeAreas(ROLLOUT_PHASE, '2015-12-01T00:00:00.000Z');
  }
  if (year === 2019 && m.index % 5 === 0) fact('SocialSpaceRenamed', { socialSpaceId: m.socialSpaces[0], name: `Sozialraum ${m.socialSpaces[0]} (neu zugeschnitten)` }, '2019-04-01T00:00:00.000Z');
  return facts;
}

/** The quarters of `year` in which the municipality held a review: from its first enrolment on. */
function reviewQuarters(m: MunicipalityPlan, year: number): number[] {
  const first = m.inModelPhase ? 0 : CARRY_OVER_QUARTER;
  const quarters: number[] = [];
  for (let q = first; q <= LAST_QUARTER; q += 1) if (yearOf(q) === year) quarters.push(q);
  return quarters;
}

const PROGRESS = ['on_track', 'delayed', 'at_risk', 'achieved'] as const;

function reviewFact(m: MunicipalityPlan, quarter: number, goalsOf: readonly GoalPlan[]): Fact {
  const rng = random(m.index * 1009 + quarter * 31 + 5);
  const formulated = goalsOf.filter((goal) => goal.formulatedIn <= quarter);
  // A rotating share of the goals: each conversation takes up a few dozen of them.
  const start = formulated.length === 0 ? 0 : (quarter * ASSESSED_PER_REVIEW) % formulated.length;
  const assessed = Array.from({ length: Math.min(ASSESSED_PER_REVIEW, formulated.length) }, (_, i) => formulated[(start + i) % formulated.length]);
  const name = quarterName(quarter);
  return {
    type: 'QuarterlyReviewHeld',
    data: {
      reviewId: `${m.id}-${name}`,
      municipalityId: m.id,
      quarter: name,
      heldOn: dayOfQuarter(quarter, 60 + Math.floor(rng() * 25)).slice(0, 10),
      participants: ['Koordinierungsstelle', `Jugendamt ${m.name}`, 'Netzwerkkoordination Frühe Hilfen'],
      summary: `Quartalsgespräch ${name}: Stand der Ziele in den Themenfeldern besprochen.`,
      assessments: assessed.map((goal) => ({
        goalId: goal.id,
        progress: PROGRESS[Math.floor(rng() * PROGRESS.length)],
        note: `Stand im Quartal ${name}`,
        proposedStatus: null,
      })),
    },
    occurredAt: dayOfQuarter(quarter, 60),
    year: yearOf(quarter),
  };
}

/** The step a goal takes when it moves on, per status; discontinuing is decided separately. */
function nextStatus(status: GoalStatus, rng: () => number): GoalStatus | undefined {
  switch (status) {
    case 'agreed':
      return 'in_progress';
    case 'in_progress':
      return rng() < 0.85 ? 'largely_implemented' : 'on_hold';
    case 'largely_implemented':
      return rng() < 0.8 ? 'implemented' : 'in_progress';
    case 'implemented':
      return 'in_regular_practice';
    case 'on_hold':
      return 'in_progress';
    default:
      return undefined;
  }
}

/**
 * A goal's facts in the order they are recorded, with the stream revision each gets. In world time the
 * goal follows the status workflow; revisions are sometimes recorded a year late, and some revisions and
 * status changes are corrected in the year after they were recorded.
 */
export function goalFacts(goal: GoalPlan): (Fact & { readonly revision: number })[] {
  const rng = random(goal.municipality.index * 7_000_003 + goal.number * 104_729 + 3);
  const goalId = goal.id;
  const themeArea = THEME_AREAS[goal.number % THEME_AREAS.length];
  const spaces = goal.municipality.socialSpaces.filter((_, i) => (goal.number + i) % 3 === 0).slice(0, 3);
  // Every tenth goal refines one formulated earlier in the same phase (goal numbers grow with nothing else).
  const parent = goal.number % 10 === 5 ? goalPlan(goal.municipality, goal.number - 5) : undefined;
  const world: { type: string; data: Record<string, unknown>; occurredAt: string; backdated: boolean }[] = [];
  const happened = (type: string, data: Record<string, unknown>, quarter: number, day: number) =>
    world.push({ type, data: { goalId, ...data }, occurredAt: dayOfQuarter(quarter, day), backdated: type === 'GoalRevised' && rng() < 0.05 });
  happened(
    'GoalFormulated',
    {
      programmeId: PROGRAMME,
      municipalityId: goal.municipality.id,
      phaseId: goal.phase,
      themeArea,
      title: `Ziel ${goal.number + 1} im Themenfeld ${themeArea}: Präventionskette im Sozialraum stärken`,
      description: 'Kitas, Schulen, Familienzentren und Beratungsstellen stimmen ihre Angebote im Sozialraum ab.',
      targetDate: dayOfQuarter(Math.min(goal.formulatedIn + 12, LAST_QUARTER), 0).slice(0, 10),
      source: goal.phase === MODEL_PHASE ? 'Zielkonkretisierungs-Workshop' : 'Zielvereinbarung Landesweite Umsetzung',
      socialSpaceIds: spaces,
      parentGoalId: parent && parent.phase === goal.phase && parent.formulatedIn <= goal.formulatedIn ? parent.id : null,
    },
    goal.formulatedIn,
    Math.floor(rng() * 20),
  );
  let status: GoalStatus = 'agreed';
  let inWork = true;
  for (let quarter = goal.formulatedIn + 1; quarter <= LAST_QUARTER && status !== 'discontinued'; quarter += 1) {
    if (goal.phase === MODEL_PHASE && quarter === CARRY_OVER_QUARTER) {
      // Goals not yet in regular practice go on in the roll-out; the others stay the model phase's.
      inWork = status !== 'in_regular_practice';
      if (inWork) happened('GoalCarriedOver', { fromPhaseId: MODEL_PHASE, toPhaseId: ROLLOUT_PHASE, themeArea, reason: 'Fortführung in der landesweiten Umsetzung' }, quarter, 5);
    }
    if (!inWork || status === 'in_regular_practice') {
      if (rng() < 0.5) happened('GoalRevised', { changes: { description: `Fortschreibung ${quarterName(quarter)}` }, reason: 'Fortschreibung' }, quarter, 30);
      continue;
    }
    if (rng() < 0.004) {
      status = 'discontinued';
      happened('GoalStatusChanged', { to: status, reason: `Im Quartalsgespräch ${quarterName(quarter)} aufgegeben` }, quarter, 40);
      continue;
    }
    // Most conversations rework the goal's wording, and many its milestones as well.
    if (rng() < 0.8) happened('GoalRevised', { changes: { description: `Fassung nach dem Quartalsgespräch ${quarterName(quarter)}` }, reason: `Quartalsgespräch ${quarterName(quarter)}` }, quarter, 20);
    if (rng() < 0.5) happened('GoalRevised', { changes: { targetDate: dayOfQuarter(Math.min(quarter + 8, LAST_QUARTER), 0).slice(0, 10) }, reason: `Meilensteine ${quarterName(quarter)}` }, quarter, 50);
    const next: GoalStatus | undefined = rng() < 0.22 ? nextStatus(status, rng) : undefined;
    if (next) {
      status = next;
      happened('GoalStatusChanged', { to: next, reason: `Quartalsgespräch ${quarterName(quarter)}` }, quarter, 62);
    }
  }
  return recordingOrder(world, rng);
}

/** Assigns each fact the year it is recorded in, adds the corrections, and numbers the stream's revisions. */
function recordingOrder(world: readonly { type: string; data: Record<string, unknown>; occurredAt: string; backdated: boolean }[], rng: () => number) {
  const lastYear = YEARS[YEARS.length - 1];
  const yearOfInstant = (instant: string) => Number(instant.slice(0, 4));
  interface Recorded extends Fact {
    revision: number;
    /** 0 in the order they happened; late ones first in their year; 1 for corrections, after the year's facts. */
    readonly group: number;
    readonly order: number;
    readonly target?: Recorded;
  }
  const recorded: Recorded[] = world.map((fact, order) => {
    const late = fact.backdated && yearOfInstant(fact.occurredAt) < lastYear;
    return { type: fact.type, data: fact.data, occurredAt: fact.occurredAt, year: yearOfInstant(fact.occurredAt) + (late ? 1 : 0), revision: -1, group: 0, order: late ? -1 : order };
  });
  const corrections: Recorded[] = [];
  for (const target of recorded) {
    const corrected = (target.type === 'GoalRevised' && rng() < 0.03) || (target.type === 'GoalStatusChanged' && rng() < 0.02);
    if (!corrected) continue;
    const year = Math.min(target.year + 1, lastYear);
    corrections.push({ type: 'correction', data: {}, occurredAt: target.occurredAt, year, revision: -1, group: 1, order: target.order, target });
  }
  const all = [...recorded, ...corrections].sort((a, b) => a.year - b.year || a.group - b.group || a.order - b.order);
  all.forEach((fact, revision) => (fact.revision = revision));
  return all.map(({ type, data, occurredAt, year, revision, target }) => {
    if (!target) return { type, data, occurredAt, year, revision };
    const reason = 'Korrektur nach Rückmeldung der Kommune';
    if (target.type === 'GoalRevised' && rng() < 0.4) return { type: 'EventRetracted', data: { revision: target.revision, reason }, occurredAt, year, revision };
    const replacement =
      target.type === 'GoalRevised'
        ? { ...target.data, changes: { description: `${String((target.data.changes as { description?: string }).description ?? 'Fassung')} (korrigiert)` } }
        : { ...target.data, reason: `${String(target.data.reason)} (Protokoll berichtigt)` };
    const schemaVersion = target.type === 'GoalStatusChanged' ? 2 : 1;
    return { type: 'EventSuperseded', data: { revision: target.revision, reason, type: target.type, schemaVersion, data: replacement }, occurredAt, year, revision };
  });
}

function event(fact: Fact): NewEvent {
  return { id: uuidv7(), type: fact.type, data: fact.data, metadata: { actor: ACTOR, correlationId: uuidv7(), causationId: null, occurredAt: fact.occurredAt } };
}

/** Everything recorded in `year`, one append per stream: programme, municipalities, goals, then reviews. */
export function appendsOfYear(plan: WorldPlan, year: number): Append[] {
  const appends: Append[] = [];
  const programme = programmeFacts(year);
  if (programme.length > 0) appends.push({ stream: programmeStream(PROGRAMME), expected: year === 2012 ? 'no-stream' : 1, events: programme.map(event) });
  for (const m of plan.municipalities) {
    const facts = municipalityFacts(m, year);
    if (facts.length === 0) continue;
    const before = YEARS.filter((y) => y < year).reduce((n, y) => n + municipalityFacts(m, y).length, 0);
    appends.push({ stream: municipalityStream(m.id), expected: before === 0 ? 'no-stream' : before - 1, events: facts.map(event) });
  }
  for (const goal of plan.goals) {
    const facts = goalFacts(goal).filter((fact) => fact.year === year);
    if (facts.length === 0) continue;
    appends.push({ stream: goalStream(goal.id), expected: facts[0].revision === 0 ? 'no-stream' : facts[0].revision - 1, events: facts.map(event) });
  }
  for (const m of plan.municipalities) {
    const goalsOf = plan.goals.filter((goal) => goal.municipality === m);
    for (const quarter of reviewQuarters(m, year)) {
      const review = reviewFact(m, quarter, goalsOf);
      appends.push({ stream: reviewStream(String(review.data.reviewId)), expected: 'no-stream', events: [event(review)] });
    }
  }
  return appends;
}
