import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../../../../tests/support/decider-spec.js';
import { enrolledMunicipality, referencesFor, TEST_PROGRAMME, WARENDORF_GOAL } from '../../../../tests/support/registry-states.js';
import type { MunicipalityState } from '../municipality/municipality.types.js';
import { goalDecider } from './goal.decider.js';
import type { GoalCommand, GoalDefinition, GoalEvent, GoalReferences } from './goal.types.js';

const spec = deciderSpec(goalDecider);
const now = '2020-01-01T00:00:00.000Z';
const definition: GoalDefinition = { ...WARENDORF_GOAL, socialSpaceIds: ['muessingen', 'milte'] };
const formulate = (data: Partial<GoalDefinition> = {}, references: GoalReferences = referencesFor('kreis-warendorf'), occurredAt = '2012-11-15T00:00:00.000Z'): GoalCommand => ({
  type: 'FormulateGoal',
  data: { ...definition, ...data },
  occurredAt,
  now,
  references,
});
const formulated: GoalEvent = { type: 'GoalFormulated', data: definition, occurredAt: '2012-11-15T00:00:00.000Z' };
const closedModel = { ...TEST_PROGRAMME, phases: TEST_PROGRAMME.exists ? TEST_PROGRAMME.phases.map((p) => (p.id === 'model' ? { ...p, endedOn: '2015-09-30' } : p)) : [] };

describe('a goal refers to its registry as of the day it is formulated', () => {
  it('formulates a goal whose programme, phase, municipality, theme area and social spaces fit', () => {
    spec.given([]).when(formulate()).then([formulated]);
  });

  it('names every reference that does not fit', () => {
    const unknown = { programme: { exists: false }, municipality: { exists: false }, parent: { exists: false } } as GoalReferences;
    spec.given([]).when(formulate({ parentGoalId: 'gibt-es-nicht' }, unknown)).thenFailsWith('goal-references-invalid', {
      errors: [
        { field: 'programmeId', message: 'programme kekiz does not exist' },
        { field: 'municipalityId', message: 'municipality kreis-warendorf does not exist' },
        { field: 'parentGoalId', message: 'goal gibt-es-nicht does not exist' },
      ],
    });
  });

  it('refuses a phase that is unknown, has not started, or closed before that day', () => {
    spec.given([]).when(formulate({ phaseId: 'pilot' })).thenFailsWith('goal-references-invalid', { errors: [expect.objectContaining({ field: 'phaseId' }), expect.objectContaining({ field: 'municipalityId' }), expect.objectContaining({ field: 'themeArea' })] });
    spec.given([]).when(formulate({ phaseId: 'rollout' })).thenFailsWith('goal-references-invalid');
    spec.given([]).when(formulate({}, { ...referencesFor('kreis-warendorf'), programme: closedModel }, '2015-10-01T00:00:00.000Z')).thenFailsWith('goal-references-invalid', {
      errors: [{ field: 'phaseId', message: 'phase model (2012-01-01 – 2015-09-30) takes no goals on 2015-10-01' }],
    });
  });

  it('refuses a municipality not enrolled that day, a theme area it lacks, and social spaces not its own or retired', () => {
    const municipality = enrolledMunicipality('kreis-warendorf') as Extract<MunicipalityState, { exists: true }>;
    const late: MunicipalityState = { ...municipality, enrolments: [{ programmeId: 'kekiz', phaseId: 'model', from: '2013-01-01', until: null }], socialSpaces: [{ id: 'milte', name: 'Milte', retiredOn: '2012-06-01' }] };
    spec.given([]).when(formulate({ themeArea: 'sport' }, { ...referencesFor('kreis-warendorf'), municipality: late })).thenFailsWith('goal-references-invalid', {
      errors: [
        { field: 'municipalityId', message: 'kreis-warendorf is not enrolled in phase model on 2012-11-15' },
        { field: 'themeArea', message: 'kreis-warendorf has no theme area sport in phase model' },
        { field: 'socialSpaceIds.0', message: 'kreis-warendorf has no social space muessingen' },
        { field: 'socialSpaceIds.1', message: 'social space milte was retired on 2012-06-01' },
      ],
    });
  });

  it('takes a parent of the same municipality and phase, never itself or another municipality\'s goal', () => {
    const parent = { exists: true, id: 'warendorf-praevention', ...definition, latestOccurredAt: '2012-10-15T00:00:00.000Z', status: 'agreed' } as const;
    spec.given([]).when(formulate({ parentGoalId: 'warendorf-praevention' }, referencesFor('kreis-warendorf', parent))).then([{ ...formulated, data: { ...definition, parentGoalId: 'warendorf-praevention' } }]);
    spec.given([]).when(formulate({ parentGoalId: 'warendorf-ben' }, referencesFor('kreis-warendorf', parent))).thenFailsWith('goal-references-invalid', { errors: [{ field: 'parentGoalId', message: 'a goal cannot be its own parent' }] });
    const foreign = { ...parent, municipalityId: 'kreis-unna' };
    spec.given([]).when(formulate({ parentGoalId: 'warendorf-praevention' }, referencesFor('kreis-warendorf', foreign))).thenFailsWith('goal-references-invalid', {
      errors: [{ field: 'parentGoalId', message: 'goal warendorf-praevention belongs to kreis-unna in phase model, not kreis-warendorf in model' }],
    });
  });
});

describe('carrying a goal over into a later phase', () => {
  const carry = (data: { toPhaseId?: string; themeArea?: string | null } = {}, occurredAt = '2016-09-26T00:00:00.000Z', programme = TEST_PROGRAMME): GoalCommand => ({
    type: 'CarryOverGoal',
    data: { goalId: definition.goalId, toPhaseId: 'rollout', themeArea: null, reason: 'Fortführung', ...data },
    occurredAt,
    now,
    references: { programme, municipality: enrolledMunicipality('kreis-warendorf') },
  });
  const carried: GoalEvent = {
    type: 'GoalCarriedOver',
    data: { goalId: definition.goalId, fromPhaseId: 'model', toPhaseId: 'rollout', themeArea: 'netzwerk', reason: 'Fortführung' },
    occurredAt: '2016-09-26T00:00:00.000Z',
  };

  it('moves the goal into the later phase, keeping its theme area key', () => {
    spec.given([formulated]).when(carry()).then([carried]);
    const state = [formulated, carried].reduce(goalDecider.evolve, goalDecider.initialState);
    expect(state).toMatchObject({ phaseId: 'rollout', themeArea: 'netzwerk', status: 'agreed' });
  });

  it('refuses an earlier or the same phase, a phase not yet open, and a theme area the new phase lacks', () => {
    spec.given([formulated]).when(carry({ toPhaseId: 'model' })).thenFailsWith('carry-over-invalid', { errors: [{ field: 'toPhaseId', message: 'phase model does not follow phase model' }] });
    spec.given([formulated]).when(carry({}, '2015-10-01T00:00:00.000Z')).thenFailsWith('carry-over-invalid', { errors: expect.arrayContaining([expect.objectContaining({ field: 'toPhaseId' })]) });
    spec.given([formulated]).when(carry({ themeArea: 'sport' })).thenFailsWith('carry-over-invalid', { errors: [{ field: 'themeArea', message: 'kreis-warendorf has no theme area sport in phase rollout' }] });
  });

  it('refuses to carry over a discontinued goal or one that does not exist', () => {
    const discontinued: GoalEvent = { type: 'GoalStatusChanged', data: { goalId: definition.goalId, to: 'discontinued', reason: 'Förderung ausgelaufen' }, occurredAt: '2015-06-01T00:00:00.000Z' };
    spec.given([formulated, discontinued]).when(carry()).thenFailsWith('goal-discontinued');
    spec.given([]).when(carry()).thenFailsWith('goal-not-found');
  });
});
