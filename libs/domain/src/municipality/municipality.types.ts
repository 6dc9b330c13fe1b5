import type { DomainCommand, DomainEvent } from '../shared/decider.js';
import type { ProgrammeState } from '../programme/programme.types.js';

export const MUNICIPALITY_KINDS = ['Kreis', 'kreisfreie Stadt', 'Stadt', 'Gemeinde'] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];

export interface SocialSpace {
  readonly id: string;
  readonly name: string;
  /** The date from which it is no longer used, if retired. */
  readonly retiredOn: string | null;
}

/** Participation in one phase of a programme: from a date, until a date once it ends. */
export interface Enrolment {
  readonly programmeId: string;
  readonly phaseId: string;
  readonly from: string;
  readonly until: string | null;
}

export interface ThemeArea {
  readonly programmeId: string;
  readonly phaseId: string;
  readonly id: string;
  readonly title: string;
}

type Id = { readonly municipalityId: string };
type Command<Type extends string, Data> = DomainCommand<Type> & { readonly data: Id & Data };

export interface MunicipalityDefinition {
  readonly name: string;
  readonly kind: MunicipalityKind;
  /** Amtlicher Gemeindeschlüssel (5 digits for a Kreis, 8 for a town), unique across the registry. */
  readonly ags: string | null;
  /** The Kreis a town belongs to. */
  readonly parentId: string | null;
}

/** What the command path looked up for a registration: the parent, as of the command's world time. */
export type RegisterMunicipality = Command<'RegisterMunicipality', MunicipalityDefinition> & { readonly parent?: MunicipalityState };
export type RenameMunicipality = Command<'RenameMunicipality', { readonly name: string }>;
export type AddSocialSpace = Command<'AddSocialSpace', { readonly socialSpaceId: string; readonly name: string }>;
export type RenameSocialSpace = Command<'RenameSocialSpace', { readonly socialSpaceId: string; readonly name: string }>;
export type RetireSocialSpace = Command<'RetireSocialSpace', { readonly socialSpaceId: string }>;
/** `programme` is looked up as of the command's world time. */
export type EnrolMunicipality = Command<'EnrolMunicipality', { readonly programmeId: string; readonly phaseId: string; readonly from: string }> & {
  readonly programme?: ProgrammeState;
};
/** `programme` is looked up as of the command's world time. */
export type EndEnrolment = Command<'EndEnrolment', { readonly programmeId: string; readonly phaseId: string; readonly until: string }> & {
  readonly programme?: ProgrammeState;
};
export type DefineThemeArea = Command<'DefineThemeArea', { readonly programmeId: string; readonly phaseId: string; readonly themeAreaId: string; readonly title: string }>;

export type MunicipalityCommand =
  | RegisterMunicipality
  | RenameMunicipality
  | AddSocialSpace
  | RenameSocialSpace
  | RetireSocialSpace
  | EnrolMunicipality
  | EndEnrolment
  | DefineThemeArea;

type Event<Type extends string, Data> = DomainEvent<Type, Id & Data>;
export type MunicipalityRegistered = Event<'MunicipalityRegistered', MunicipalityDefinition>;
export type MunicipalityRenamed = Event<'MunicipalityRenamed', { readonly name: string }>;
export type SocialSpaceAdded = Event<'SocialSpaceAdded', { readonly socialSpaceId: string; readonly name: string }>;
export type SocialSpaceRenamed = Event<'SocialSpaceRenamed', { readonly socialSpaceId: string; readonly name: string }>;
export type SocialSpaceRetired = Event<'SocialSpaceRetired', { readonly socialSpaceId: string }>;
export type MunicipalityEnrolled = Event<'MunicipalityEnrolled', { readonly programmeId: string; readonly phaseId: string; readonly from: string }>;
export type EnrolmentEnded = Event<'EnrolmentEnded', { readonly programmeId: string; readonly phaseId: string; readonly until: string }>;
export type ThemeAreaDefined = Event<'ThemeAreaDefined', { readonly programmeId: string; readonly phaseId: string; readonly themeAreaId: string; readonly title: string }>;

export type MunicipalityEvent =
  | MunicipalityRegistered
  | MunicipalityRenamed
  | SocialSpaceAdded
  | SocialSpaceRenamed
  | SocialSpaceRetired
  | MunicipalityEnrolled
  | EnrolmentEnded
  | ThemeAreaDefined;

export interface Municipality extends MunicipalityDefinition {
  readonly exists: true;
  readonly id: string;
  readonly socialSpaces: readonly SocialSpace[];
  readonly enrolments: readonly Enrolment[];
  readonly themeAreas: readonly ThemeArea[];
}

export type MunicipalityState = { readonly exists: false } | Municipality;

export const initialMunicipalityState: MunicipalityState = { exists: false };

/** The enrolment in a phase that covers a calendar date, if any. */
export function enrolmentOn(municipality: Municipality, programmeId: string, phaseId: string, date: string): Enrolment | undefined {
  return municipality.enrolments.find(
    (e) => e.programmeId === programmeId && e.phaseId === phaseId && e.from <= date && (e.until === null || date <= e.until),
  );
}
