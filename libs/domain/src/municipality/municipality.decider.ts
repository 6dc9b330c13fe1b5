import { existing as existingProgramme, phaseOf } from '../programme/programme.decider.js';
import { lastDayOf, phaseCovers } from '../programme/programme.types.js';
import { streamName, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { assertEndsByItsDay } from '../shared/timeline.js';
import {
  initialMunicipalityState,
  type Municipality,
  type MunicipalityCommand,
  type MunicipalityKind,
  type MunicipalityEvent,
  type MunicipalityState,
  type SocialSpace,
} from './municipality.types.js';

export const MUNICIPALITY_CATEGORY = 'municipality';
export const municipalityStream = (municipalityId: string): string => streamName(MUNICIPALITY_CATEGORY, municipalityId);

function decide(command: MunicipalityCommand, state: MunicipalityState): MunicipalityEvent[] {
  const { occurredAt } = command;
  switch (command.type) {
    case 'RegisterMunicipality': {
      const { parentId, ...rest } = command.data;
      if (parentId !== null) {
        const parent = command.parent;
        if (!parent) throw new Error('RegisterMunicipality needs its parent looked up');
        if (!TOWN_KINDS.includes(rest.kind)) throw new DomainError('parent-invalid', `A ${rest.kind} lies in no Kreis`, { parentId });
        assertParentKreis(parent, parentId, rest.municipalityId);
        assertAgsInKreis(rest.ags, parent.exists ? parent.ags : null);
      }
      assertAgsOfKind(rest.kind, rest.ags);
      return checked(state, { type: 'MunicipalityRegistered', data: { ...rest, parentId }, occurredAt });
    }
    case 'RenameMunicipality':
      if (existing(state, command.data.municipalityId).name === command.data.name) throw nameUnchanged(command.data.name);
      return checked(state, { type: 'MunicipalityRenamed', data: command.data, occurredAt });
    case 'AddSocialSpace':
      return checked(state, { type: 'SocialSpaceAdded', data: command.data, occurredAt });
    case 'RenameSocialSpace':
      if (socialSpace(existing(state, command.data.municipalityId), command.data.socialSpaceId).name === command.data.name) throw nameUnchanged(command.data.name);
      return checked(state, { type: 'SocialSpaceRenamed', data: command.data, occurredAt });
    case 'RetireSocialSpace':
      return checked(state, { type: 'SocialSpaceRetired', data: command.data, occurredAt });
    case 'EnrolMunicipality': {
      if (!command.programme) throw new Error('EnrolMunicipality needs its programme looked up');
      const { programmeId, phaseId, from } = command.data;
      const phase = phaseOf(existingProgramme(command.programme, programmeId), phaseId);
      if (!phaseCovers(phase, from)) {
        throw new DomainError('enrolment-dates-invalid', `Phase ${phaseId} runs ${phase.startsOn} – ${phase.endedOn ?? phase.plannedEnd ?? 'open'}; ${from} is outside`, { phaseId, from });
      }
      const events = checked(state, { type: 'MunicipalityEnrolled', data: command.data, occurredAt });
      // Decided here, not in `check`: logs recorded before this rule may hold such an overlap, and every
      // later correction of the municipality would otherwise be refused because of it.
      const earlier = existing(state, command.data.municipalityId).enrolments.find((e) => e.programmeId === programmeId && e.phaseId === phaseId && e.until !== null && from <= e.until);
      if (earlier) throw new DomainError('already-enrolled', `The enrolment in ${programmeId}/${phaseId} from ${earlier.from} lasts until ${earlier.until}; ${from} is not after it`, { programmeId, phaseId });
      return events;
    }
    case 'EndEnrolment': {
      if (!command.programme) throw new Error('EndEnrolment needs its programme looked up');
      const { programmeId, phaseId, until } = command.data;
      const events = checked(state, { type: 'EnrolmentEnded', data: command.data, occurredAt });
      const phase = phaseOf(existingProgramme(command.programme, programmeId), phaseId);
      if (until > lastDayOf(phase)) {
        throw new DomainError('enrolment-dates-invalid', `Phase ${phaseId} ends on ${lastDayOf(phase)}; an enrolment in it cannot last until ${until}`, { phaseId, until });
      }
      return events;
    }
    case 'DefineThemeArea':
      return checked(state, { type: 'ThemeAreaDefined', data: command.data, occurredAt });
    default: {
      const unknown: never = command;
      throw new Error(`Unknown municipality command ${JSON.stringify(unknown)}`);
    }
  }
}

/** The kinds that lie in a Kreis; a Kreis and a kreisfreie Stadt lie in none. */
const TOWN_KINDS: readonly MunicipalityKind[] = ['Stadt', 'Gemeinde'];

/**
 * The length of an official key by kind: a Kreis has the 5-digit Kreisschlüssel, a town in a Kreis the
 * 8-digit Gemeindeschlüssel, a kreisfreie Stadt either.
 */
function assertAgsOfKind(kind: MunicipalityKind, ags: string | null): void {
  if (ags === null) return;
  const digits = kind === 'Kreis' ? [5] : TOWN_KINDS.includes(kind) ? [8] : [5, 8];
  if (!digits.includes(ags.length)) {
    throw new DomainError('ags-invalid', `The official key of a ${kind} has ${digits.join(' or ')} digits; ${ags} has ${ags.length}`, {
      errors: [{ field: 'ags', message: `a ${kind} has an official key of ${digits.join(' or ')} digits` }],
    });
  }
}

/** The parent a town names is a Kreis registered by then, and not the town itself. */
export function assertParentKreis(parent: MunicipalityState, parentId: string, municipalityId: string): void {
  if (!parent.exists || parent.kind !== 'Kreis' || parentId === municipalityId) {
    throw new DomainError('parent-invalid', `Municipality ${parentId} does not exist or is not a Kreis`, { parentId });
  }
}

/** A town's official key begins with its Kreis's. */
function assertAgsInKreis(ags: string | null, kreisAgs: string | null): void {
  if (ags === null || kreisAgs === null || ags.startsWith(kreisAgs)) return;
  throw new DomainError('ags-invalid', `The official key ${ags} does not begin with its Kreis's key ${kreisAgs}`, {
    errors: [{ field: 'ags', message: `a town in this Kreis has an official key beginning with ${kreisAgs}` }],
  });
}

function checked(state: MunicipalityState, event: MunicipalityEvent): MunicipalityEvent[] {
  check(state, event);
  return [event];
}

/** The rule each municipality event needs of the state before it (rules on other aggregates are checked in decide). */
function check(state: MunicipalityState, event: MunicipalityEvent): void {
  const { municipalityId } = event.data;
  if (event.type === 'MunicipalityRegistered') {
    if (state.exists) throw new DomainError('municipality-already-exists', `Municipality ${municipalityId} already exists`, { municipalityId });
    return;
  }
  const municipality = existing(state, municipalityId);
  switch (event.type) {
    case 'SocialSpaceAdded':
      if (municipality.socialSpaces.some((space) => space.id === event.data.socialSpaceId)) {
        throw new DomainError('social-space-already-exists', `${municipality.name} already has a social space ${event.data.socialSpaceId}`, { socialSpaceId: event.data.socialSpaceId });
      }
      return;
    case 'SocialSpaceRenamed':
    case 'SocialSpaceRetired':
      activeSocialSpace(municipality, event.data.socialSpaceId);
      return;
    case 'MunicipalityEnrolled': {
      const { programmeId, phaseId } = event.data;
      if (municipality.enrolments.some((e) => e.programmeId === programmeId && e.phaseId === phaseId && e.until === null)) {
        throw new DomainError('already-enrolled', `${municipality.name} is already enrolled in ${programmeId}/${phaseId}`, { programmeId, phaseId });
      }
      return;
    }
    case 'EnrolmentEnded': {
      const { programmeId, phaseId, until } = event.data;
      const open = municipality.enrolments.find((e) => e.programmeId === programmeId && e.phaseId === phaseId && e.until === null);
      if (!open) throw new DomainError('not-enrolled', `${municipality.name} is not enrolled in ${programmeId}/${phaseId}`, { programmeId, phaseId });
      if (until < open.from) throw new DomainError('enrolment-dates-invalid', `The enrolment from ${open.from} cannot end on ${until}`, { phaseId, until });
      assertEndsByItsDay(event.occurredAt, until, 'until');
      return;
    }
    case 'ThemeAreaDefined': {
      const { programmeId, phaseId, themeAreaId } = event.data;
      if (!municipality.enrolments.some((e) => e.programmeId === programmeId && e.phaseId === phaseId)) {
        throw new DomainError('not-enrolled', `${municipality.name} is not enrolled in ${programmeId}/${phaseId}`, { programmeId, phaseId });
      }
      if (municipality.themeAreas.some((t) => t.programmeId === programmeId && t.phaseId === phaseId && t.id === themeAreaId)) {
        throw new DomainError('theme-area-already-exists', `${municipality.name} already has theme area ${themeAreaId} in ${phaseId}`, { themeAreaId, phaseId });
      }
      return;
    }
    default:
      return;
  }
}

function evolve(state: MunicipalityState, event: MunicipalityEvent): MunicipalityState {
  if (event.type === 'MunicipalityRegistered') {
    const { municipalityId, ...definition } = event.data;
    return { exists: true, id: municipalityId, ...definition, socialSpaces: [], enrolments: [], themeAreas: [] };
  }
  if (!state.exists) return state;
  const date = event.occurredAt.slice(0, 10);
  const spaces = (update: (space: SocialSpace) => SocialSpace) =>
    state.socialSpaces.map((space) => (space.id === (event.data as { socialSpaceId: string }).socialSpaceId ? update(space) : space));
  switch (event.type) {
    case 'MunicipalityRenamed':
      return { ...state, name: event.data.name };
    case 'SocialSpaceAdded':
      return { ...state, socialSpaces: [...state.socialSpaces, { id: event.data.socialSpaceId, name: event.data.name, retiredOn: null }] };
    case 'SocialSpaceRenamed':
      return { ...state, socialSpaces: spaces((space) => ({ ...space, name: event.data.name })) };
    case 'SocialSpaceRetired':
      return { ...state, socialSpaces: spaces((space) => ({ ...space, retiredOn: date })) };
    case 'MunicipalityEnrolled': {
      const { programmeId, phaseId, from } = event.data;
      return { ...state, enrolments: [...state.enrolments, { programmeId, phaseId, from, until: null }] };
    }
    case 'EnrolmentEnded': {
      const { programmeId, phaseId, until } = event.data;
      return { ...state, enrolments: state.enrolments.map((e) => (e.programmeId === programmeId && e.phaseId === phaseId && e.until === null ? { ...e, until } : e)) };
    }
    case 'ThemeAreaDefined': {
      const { programmeId, phaseId, themeAreaId, title } = event.data;
      return { ...state, themeAreas: [...state.themeAreas, { programmeId, phaseId, id: themeAreaId, title }] };
    }
    default:
      return state;
  }
}

export function existing(state: MunicipalityState, municipalityId: string): Municipality {
  if (!state.exists) throw new DomainError('municipality-not-found', `Municipality ${municipalityId} does not exist`, { municipalityId });
  return state;
}

function socialSpace(municipality: Municipality, socialSpaceId: string): SocialSpace {
  const space = municipality.socialSpaces.find((candidate) => candidate.id === socialSpaceId);
  if (!space) throw new DomainError('social-space-not-found', `${municipality.name} has no social space ${socialSpaceId}`, { socialSpaceId });
  return space;
}

export function activeSocialSpace(municipality: Municipality, socialSpaceId: string): SocialSpace {
  const space = socialSpace(municipality, socialSpaceId);
  if (space.retiredOn !== null) throw new DomainError('social-space-retired', `Social space ${space.name} was retired on ${space.retiredOn}`, { socialSpaceId, retiredOn: space.retiredOn });
  return space;
}

const nameUnchanged = (name: string) => new DomainError('name-unchanged', `The name is already ${name}`, { name });

export const municipalityDecider: Decider<MunicipalityCommand, MunicipalityEvent, MunicipalityState> = {
  category: MUNICIPALITY_CATEGORY,
  initialState: initialMunicipalityState,
  streamIdOf: (command) => command.data.municipalityId,
  decide,
  evolve,
  check,
  uniqueKeys: (event) => (event.type === 'MunicipalityRegistered' && event.data.ags !== null ? [{ key: `ags.${event.data.ags}`, code: 'ags-taken' }] : []),
};
