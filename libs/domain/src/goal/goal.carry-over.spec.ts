import { describe, it } from '@jest/globals';
import { deciderSpec } from '../../../../tests/support/decider-spec.js';
import { enrolledMunicipality, TEST_PROGRAMME, WARENDORF_GOAL } from '../../../../tests/support/registry-states.js';
import type { Enrolment, Municipality } from '../municipality/municipality.types.js';
import { goalDecider } from './goal.decider.js';
import type { GoalCommand, GoalDefinition, GoalEvent } from './goal.types.js';

const spec = deciderSpec(goalDecider);
const definition: GoalDefinition = WARENDORF_GOAL;
const formulated: GoalEvent = { type: 'GoalFormulated', data: definition, occurredAt: '2012-11-15T00:00:00.000Z' };

/** Kreis Warendorf with the theme areas of both phases, but in the roll-out phase only with the given enrolment (or none). */
function enrolledInRollout(rollout: Omit<Enrolment, 'programmeId' | 'phaseId'> | null): Municipality {
  const municipality = enrolledMunicipality('kreis-warendorf') as Municipality;
  const model = municipality.enrolments.filter((enrolment) => enrolment.phaseId === 'model');
  return { ...municipality, enrolments: rollout === null ? model : [...model, { programmeId: 'kekiz', phaseId: 'rollout', ...rollout }] };
}

const carry = (municipality: Municipality, occurredAt = '2016-09-26T00:00:00.000Z'): GoalCommand => ({
  type: 'CarryOverGoal',
  data: { goalId: definition.goalId, toPhaseId: 'rollout', themeArea: null, reason: 'Ausschuss 2016-09-26: Fortführung' },
  occurredAt,
  now: '2020-01-01T00:00:00.000Z',
  references: { programme: TEST_PROGRAMME, municipality },
});
const notEnrolled = (day: string) => ({ errors: [{ field: 'toPhaseId', message: `kreis-warendorf is not enrolled in phase rollout on ${day}` }] });

describe('a goal is carried over only into a phase its municipality is enrolled in on that day', () => {
  it('carries the goal over when the enrolment in the later phase covers the day', () => {
    spec
      .given([formulated])
      .when(carry(enrolledInRollout({ from: '2016-09-26', until: '2016-09-26' })))
      .then([{ type: 'GoalCarriedOver', data: { goalId: definition.goalId, fromPhaseId: 'model', toPhaseId: 'rollout', themeArea: 'netzwerk', reason: 'Ausschuss 2016-09-26: Fortführung' }, occurredAt: '2016-09-26T00:00:00.000Z' }]);
  });

  it('refuses a phase the municipality is not enrolled in, naming toPhaseId', () => {
    spec.given([formulated]).when(carry(enrolledInRollout(null))).thenFailsWith('carry-over-invalid', notEnrolled('2016-09-26'));
  });

  it('refuses a phase whose enrolment begins after the day, naming toPhaseId', () => {
    spec.given([formulated]).when(carry(enrolledInRollout({ from: '2016-09-27', until: null }))).thenFailsWith('carry-over-invalid', notEnrolled('2016-09-26'));
  });

  it('refuses a phase whose enrolment ended before the day, naming toPhaseId', () => {
    spec.given([formulated]).when(carry(enrolledInRollout({ from: '2016-01-01', until: '2016-09-25' }))).thenFailsWith('carry-over-invalid', notEnrolled('2016-09-26'));
  });
});
