import { quartersBetween, type GoalStatus, type Progress } from '#domain';
import {
  COMMITTEE,
  ENROLLED_FROM,
  GOALS,
  MODEL_PHASE,
  MUNICIPALITIES,
  PROGRAMME,
  REGISTERED_ON,
  REVIEWS,
  ROLLOUT_PHASE,
  SOCIAL_SPACES,
  THEME_AREAS,
  WARENDORF,
  WORKSHOPS,
  type GoalRecord,
} from './warendorf.data.js';

/** One write of the example, as a client of the API sends it. */
export interface ExampleWrite {
  readonly kind: 'write';
  readonly path: string;
  readonly body: object;
  /** Groups the writes of one occasion (a workshop, a review) in the log. */
  readonly correlationId?: string;
}

/** Wait until the process managers have settled what was written so far (the reviews' proposed statuses). */
export interface ExampleBarrier {
  readonly kind: 'settle';
}

export type ExampleStep = ExampleWrite | ExampleBarrier;

const write = (path: string, body: object, correlationId?: string): ExampleWrite => ({ kind: 'write', path, body, ...(correlationId ? { correlationId } : {}) });

/** The quarters the coordination office reviewed: from the workshops to the end of the model phase. */
export const REVIEWED_QUARTERS = quartersBetween('2012-Q4', '2015-Q3');

/**
 * The example data set as the API writes that record it, in the order a client sends them: the registry,
 * the workshops' goals, the quarterly reviews (whose proposed statuses the process manager applies), the
 * end of the model phase, the roll-out phase, and the carry-overs decided at the committee meeting.
 */
export function exampleSteps(): ExampleStep[] {
  return [...registry(), ...workshops(), ...REVIEWED_QUARTERS.map(review), ...modelPhaseEnd(), ...rollout(), { kind: 'settle' }, ...carryOvers()];
}

function registry(): ExampleWrite[] {
  const occurredAt = REGISTERED_ON.date;
  const { id, name } = PROGRAMME;
  const steps = [
    write('/v1/programmes', { id, name, occurredAt: PROGRAMME.registeredOn }),
    write(`/v1/programmes/${id}/phases`, { id: MODEL_PHASE.id, kind: MODEL_PHASE.kind, title: MODEL_PHASE.title, startsOn: MODEL_PHASE.startsOn, plannedEnd: MODEL_PHASE.plannedEnd, occurredAt }),
  ];
  for (const municipality of MUNICIPALITIES) {
    const { id: municipalityId, name: municipalityName, kind, parentId } = municipality;
    steps.push(write('/v1/municipalities', { id: municipalityId, name: municipalityName, kind, ...(parentId ? { parentId } : {}), occurredAt }));
    if (municipality.modelMunicipality) {
      steps.push(write(`/v1/municipalities/${municipalityId}/enrolments`, { programmeId: id, phaseId: MODEL_PHASE.id, from: ENROLLED_FROM.model, occurredAt }));
    }
  }
  for (const space of SOCIAL_SPACES) steps.push(write(`/v1/municipalities/${WARENDORF}/social-spaces`, { ...space, occurredAt }));
  steps.push(...themeAreas(MODEL_PHASE.id, occurredAt));
  return steps;
}

function themeAreas(phaseId: string, occurredAt: string): ExampleWrite[] {
  return THEME_AREAS.map((area) => write(`/v1/municipalities/${WARENDORF}/theme-areas`, { programmeId: PROGRAMME.id, phaseId, id: area.id, title: area.title, occurredAt }));
}

/** Parents come before their sub-goals: the data lists them in that order. */
function workshops(): ExampleWrite[] {
  return WORKSHOPS.flatMap((workshop, index) =>
    GOALS.filter((goal) => goal.workshop === index).map((goal) =>
      write(
        '/v1/goals',
        {
          id: goal.id,
          programmeId: PROGRAMME.id,
          municipalityId: WARENDORF,
          phaseId: MODEL_PHASE.id,
          themeArea: goal.themeArea,
          title: goal.title,
          description: goal.description,
          ...(goal.socialSpaceIds ? { socialSpaceIds: goal.socialSpaceIds } : {}),
          ...(goal.parentGoalId ? { parentGoalId: goal.parentGoalId } : {}),
          targetDate: MODEL_PHASE.plannedEnd,
          source: workshop.source,
          occurredAt: workshop.on,
        },
        `example-workshop-${index + 1}`,
      ),
    ),
  );
}

/** How a review found a goal in a quarter: its step in that quarter, or the last progress found, without a note. */
export function assessmentOf(goal: GoalRecord, quarter: string): { goalId: string; progress: Progress; note: string; proposedStatus?: GoalStatus } {
  const step = goal.steps.find(([q]) => q === quarter);
  if (step) {
    const [, progress, proposedStatus, note] = step;
    return { goalId: goal.id, progress, note, ...(proposedStatus ? { proposedStatus } : {}) };
  }
  const last = goal.steps.filter(([q]) => q < quarter).at(-1);
  return { goalId: goal.id, progress: last?.[1] ?? 'on_track', note: '' };
}

function review(quarter: string): ExampleWrite {
  const assessments = GOALS.map((goal) => assessmentOf(goal, quarter));
  const changes = assessments.filter((a) => a.proposedStatus).length;
  const summary = `Quartalsgespräch ${quarter} zum Stand der Ziele aus den Zielkonkretisierungs-Workshops 2012; ${changes === 0 ? 'keine Statusänderung' : `${changes} Statusänderung(en) vorgeschlagen`}`;
  const body = { quarter, heldOn: REVIEWS.heldOn[quarter], participants: REVIEWS.participants, summary, assessments };
  return write(`/v1/municipalities/${WARENDORF}/reviews`, body, `example-review-${quarter}`);
}

function modelPhaseEnd(): ExampleWrite[] {
  return [write(`/v1/programmes/${PROGRAMME.id}/phases/${MODEL_PHASE.id}/close`, { endedOn: MODEL_PHASE.endedOn, occurredAt: MODEL_PHASE.endedOn })];
}

function rollout(): ExampleWrite[] {
  const occurredAt = ROLLOUT_PHASE.openedOn;
  return [
    write(`/v1/programmes/${PROGRAMME.id}/phases`, { id: ROLLOUT_PHASE.id, kind: ROLLOUT_PHASE.kind, title: ROLLOUT_PHASE.title, startsOn: ROLLOUT_PHASE.startsOn, occurredAt }),
    write(`/v1/municipalities/${WARENDORF}/enrolments`, { programmeId: PROGRAMME.id, phaseId: ROLLOUT_PHASE.id, from: ENROLLED_FROM.rollout, occurredAt }),
    ...themeAreas(ROLLOUT_PHASE.id, occurredAt),
  ];
}

function carryOvers(): ExampleWrite[] {
  return GOALS.filter((goal) => goal.carriedOver).map((goal) =>
    write(`/v1/goals/${goal.id}/carry-over`, { toPhaseId: ROLLOUT_PHASE.id, reason: COMMITTEE.reason, occurredAt: COMMITTEE.on }, 'example-committee-2016-09-26'),
  );
}
