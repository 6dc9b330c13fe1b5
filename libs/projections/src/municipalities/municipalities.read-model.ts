import { MUNICIPALITY_EVENTS, municipalityDecider, type Enrolment, type MunicipalityEvent, type MunicipalityKind, type MunicipalityState, type SocialSpace, type ThemeArea } from '#domain';
import { streamReadModel } from '../streams/stream-read-model.js';

/** A municipality at one point of world time; keys in a fixed order, so that equal snapshots serialise equally. */
export interface MunicipalitySnapshot {
  readonly name: string;
  readonly kind: MunicipalityKind;
  readonly ags: string | null;
  readonly parentId: string | null;
  /** World time of the (corrected) registration. */
  readonly registeredAt: string;
  readonly socialSpaces: readonly SocialSpace[];
  readonly enrolments: readonly Enrolment[];
  readonly themeAreas: readonly ThemeArea[];
}

export function municipalitySnapshot(state: MunicipalityState, registeredAt: string): MunicipalitySnapshot | undefined {
  if (!state.exists) return undefined;
  return {
    name: state.name,
    kind: state.kind,
    ags: state.ags,
    parentId: state.parentId,
    registeredAt,
    socialSpaces: state.socialSpaces.map(({ id, name, retiredOn }) => ({ id, name, retiredOn })),
    enrolments: state.enrolments.map(({ programmeId, phaseId, from, until }) => ({ programmeId, phaseId, from, until })),
    themeAreas: state.themeAreas.map(({ programmeId, phaseId, id, title }) => ({ programmeId, phaseId, id, title })),
  };
}

/** Key kinds of a municipality's enrolments: a phase id is only unique within its programme, so both are kept. */
export const ENROLLED_PROGRAMME = 'programme';
export const ENROLLED_PHASE = 'phase';
export const ENROLLED_PHASE_ID = 'phase-id';
export const phaseKey = (programmeId: string, phaseId: string): string => `${programmeId}/${phaseId}`;

/** Municipalities with their social spaces, enrolments and theme areas, at any world time as known at any system time. */
export const municipalitiesReadModel = streamReadModel<MunicipalityEvent, MunicipalityState, MunicipalitySnapshot>({
  name: 'municipalities',
  // 2: rebuilt after the timeline took its tail from unordered rows (rows of earlier versions may overlap).
  version: 2,
  prefix: 'municipality',
  decider: municipalityDecider,
  events: MUNICIPALITY_EVENTS.events,
  snapshotOf: municipalitySnapshot,
  columns: [
    { name: 'name', value: (municipality) => municipality.name },
    { name: 'kind', value: (municipality) => municipality.kind },
    { name: 'parent_id', value: (municipality) => municipality.parentId },
  ],
  keys: (municipality) =>
    municipality.enrolments.flatMap((enrolment) => [
      [ENROLLED_PROGRAMME, enrolment.programmeId],
      [ENROLLED_PHASE, phaseKey(enrolment.programmeId, enrolment.phaseId)],
      [ENROLLED_PHASE_ID, enrolment.phaseId],
    ]),
});
