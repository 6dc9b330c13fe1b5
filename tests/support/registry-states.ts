import type { GoalDefinition, GoalReferences, MunicipalityState, ProgrammeState } from '#domain';

/**
 * Registry states as the command path would look them up, for tests of goal rules that are about the
 * goal itself: a programme whose model phase (2012 to September 2015) and roll-out phase (from 2016)
 * are open, and municipalities enrolled in both with the theme areas and social spaces tests name.
 */
export const TEST_PROGRAMME: ProgrammeState = {
  exists: true,
  id: 'kekiz',
  name: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor',
  phases: [
    { id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', endedOn: null },
    { id: 'rollout', kind: 'rollout', title: 'Roll-out', startsOn: '2016-01-01', plannedEnd: null, endedOn: null },
  ],
};

export const TEST_THEME_AREAS = ['netzwerk', 'kita', 'fruehe-hilfen', 'uebergang-kita-schule', 'elternbildung', 'gesundheitsfoerderung', 'bildungsnetzwerk-muessingen-einen-milte'];

export function enrolledMunicipality(municipalityId: string): MunicipalityState {
  return {
    exists: true,
    id: municipalityId,
    name: municipalityId,
    kind: 'Kreis',
    ags: null,
    parentId: null,
    socialSpaces: [
      { id: 'muessingen', name: 'Müssingen', retiredOn: null },
      { id: 'einen', name: 'Einen', retiredOn: null },
      { id: 'milte', name: 'Milte', retiredOn: null },
    ],
    enrolments: ['model', 'rollout'].map((phaseId) => ({ programmeId: 'kekiz', phaseId, from: phaseId === 'model' ? '2012-01-01' : '2016-01-01', until: null })),
    themeAreas: ['model', 'rollout'].flatMap((phaseId) => TEST_THEME_AREAS.map((id) => ({ programmeId: 'kekiz', phaseId, id, title: id }))),
  };
}

export function referencesFor(municipalityId: string, parent: GoalReferences['parent'] = null): GoalReferences {
  return { programme: TEST_PROGRAMME, municipality: enrolledMunicipality(municipalityId), parent };
}

/** A goal of Kreis Warendorf in the model phase, for the deciders' tests. */
export const WARENDORF_GOAL: GoalDefinition = {
  goalId: 'warendorf-ben',
  programmeId: 'kekiz',
  municipalityId: 'kreis-warendorf',
  phaseId: 'model',
  themeArea: 'netzwerk',
  title: 'Kooperationsverbund BEN',
  description: '',
  targetDate: null,
  source: null,
  socialSpaceIds: [],
  parentGoalId: null,
};
