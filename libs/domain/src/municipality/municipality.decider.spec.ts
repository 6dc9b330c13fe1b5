import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../../../../tests/support/decider-spec.js';
import type { ProgrammeState } from '../programme/programme.types.js';
import { verifyHistory, type EffectiveFact } from '../shared/timeline.js';
import { municipalityDecider } from './municipality.decider.js';
import type { MunicipalityCommand, MunicipalityEvent, MunicipalityState } from './municipality.types.js';

const spec = deciderSpec(municipalityDecider);
const now = '2020-01-01T00:00:00.000Z';
const at = (day: string) => `${day}T00:00:00.000Z`;
const municipalityId = 'kreis-warendorf';
const registered: MunicipalityEvent = {
  type: 'MunicipalityRegistered',
  data: { municipalityId, name: 'Kreis Warendorf', kind: 'Kreis', ags: '05570', parentId: null },
  occurredAt: at('2012-01-01'),
};
const programme: ProgrammeState = {
  exists: true,
  id: 'kekiz',
  name: 'KeKiZ',
  phases: [{ id: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30', endedOn: '2015-09-30' }],
};
const enrolled: MunicipalityEvent = { type: 'MunicipalityEnrolled', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', from: '2012-02-01' }, occurredAt: at('2012-02-01') };
const command = (type: MunicipalityCommand['type'], data: object, extra: object = {}, occurredAt = at('2013-01-01')) =>
  ({ type, data: { municipalityId, ...data }, occurredAt, now, ...extra }) as MunicipalityCommand;

describe('municipalities', () => {
  it('registers a town inside an existing Kreis, and refuses a parent that is no Kreis', () => {
    const kreis: MunicipalityState = { exists: true, id: municipalityId, name: 'Kreis Warendorf', kind: 'Kreis', ags: '05570', parentId: null, socialSpaces: [], enrolments: [], themeAreas: [] };
    const ahlen = { municipalityId: 'stadt-ahlen', name: 'Ahlen', kind: 'Stadt', ags: '05570004', parentId: municipalityId };
    const [event] = municipalityDecider.decide({ type: 'RegisterMunicipality', data: ahlen, occurredAt: at('2012-01-01'), now, parent: kreis } as MunicipalityCommand, { exists: false });
    expect(event.data).toEqual(ahlen);
    expect(() => municipalityDecider.decide({ type: 'RegisterMunicipality', data: ahlen, occurredAt: at('2012-01-01'), now, parent: { exists: false } } as MunicipalityCommand, { exists: false })).toThrow(
      expect.objectContaining({ code: 'parent-invalid' }),
    );
    expect(() => municipalityDecider.decide({ type: 'RegisterMunicipality', data: ahlen, occurredAt: at('2012-01-01'), now, parent: { ...kreis, kind: 'Stadt' } } as MunicipalityCommand, { exists: false })).toThrow(
      expect.objectContaining({ code: 'parent-invalid' }),
    );
  });

  it('puts only towns into a Kreis, with an official key of their kind that begins with the Kreis key', () => {
    const kreis: MunicipalityState = { exists: true, id: municipalityId, name: 'Kreis Warendorf', kind: 'Kreis', ags: '05570', parentId: null, socialSpaces: [], enrolments: [], themeAreas: [] };
    const register = (data: object, parent?: MunicipalityState) => () =>
      municipalityDecider.decide({ type: 'RegisterMunicipality', data: { municipalityId: 'm', name: 'M', ags: null, parentId: null, ...data }, occurredAt: at('2012-01-01'), now, ...(parent ? { parent } : {}) } as MunicipalityCommand, { exists: false });
    expect(register({ kind: 'kreisfreie Stadt', ags: '05515000', parentId: municipalityId }, kreis)).toThrow(expect.objectContaining({ code: 'parent-invalid' }));
    expect(register({ kind: 'Kreis', ags: '05571', parentId: municipalityId }, kreis)).toThrow(expect.objectContaining({ code: 'parent-invalid' }));
    expect(register({ kind: 'Stadt', ags: '05558', parentId: municipalityId }, kreis)).toThrow(expect.objectContaining({ code: 'ags-invalid' }));
    expect(register({ kind: 'Stadt', ags: '05558004', parentId: municipalityId }, kreis)).toThrow(expect.objectContaining({ code: 'ags-invalid', details: { errors: [expect.objectContaining({ field: 'ags' })] } }));
    expect(register({ kind: 'Kreis', ags: '05570004' })).toThrow(expect.objectContaining({ code: 'ags-invalid' }));
    expect(register({ kind: 'Gemeinde', ags: '05570' })).toThrow(expect.objectContaining({ code: 'ags-invalid' }));
    expect(register({ kind: 'Stadt', ags: '05570004', parentId: municipalityId }, kreis)()).toHaveLength(1);
    expect(register({ kind: 'kreisfreie Stadt', ags: '05515' })()).toHaveLength(1);
    expect(register({ kind: 'kreisfreie Stadt', ags: '05515000' })()).toHaveLength(1);
    expect(register({ kind: 'Gemeinde', ags: null, parentId: municipalityId }, kreis)()).toHaveLength(1);
  });

  it('claims its official key across the registry', () => {
    expect(municipalityDecider.uniqueKeys?.(registered as never)).toEqual([{ key: 'ags.05570', code: 'ags-taken' }]);
    expect(municipalityDecider.uniqueKeys?.({ ...registered, data: { ...registered.data, ags: null } } as never)).toEqual([]);
  });

  it('renames, and refuses a rename to the same name', () => {
    spec.given([registered]).when(command('RenameMunicipality', { name: 'Kreis WAF' })).then([{ type: 'MunicipalityRenamed', data: { municipalityId, name: 'Kreis WAF' }, occurredAt: at('2013-01-01') }]);
    spec.given([registered]).when(command('RenameMunicipality', { name: 'Kreis Warendorf' })).thenFailsWith('name-unchanged');
  });

  it('adds, renames and retires social spaces; a retired one can no longer be renamed', () => {
    const added: MunicipalityEvent = { type: 'SocialSpaceAdded', data: { municipalityId, socialSpaceId: 'muessingen', name: 'Müssingen' }, occurredAt: at('2012-03-01') };
    spec.given([registered, added]).when(command('AddSocialSpace', { socialSpaceId: 'muessingen', name: 'Müssingen' })).thenFailsWith('social-space-already-exists');
    spec.given([registered, added]).when(command('RenameSocialSpace', { socialSpaceId: 'einen', name: 'Einen' })).thenFailsWith('social-space-not-found');
    const retired: MunicipalityEvent = { type: 'SocialSpaceRetired', data: { municipalityId, socialSpaceId: 'muessingen' }, occurredAt: at('2012-06-01') };
    spec.given([registered, added, retired]).when(command('RenameSocialSpace', { socialSpaceId: 'muessingen', name: 'M.' })).thenFailsWith('social-space-retired');
    const state = [registered, added, retired].reduce(municipalityDecider.evolve, municipalityDecider.initialState);
    expect(state.exists && state.socialSpaces).toEqual([{ id: 'muessingen', name: 'Müssingen', retiredOn: '2012-06-01' }]);
  });

  it('enrols in a phase of a programme within its dates, once', () => {
    spec.given([registered]).when(command('EnrolMunicipality', { programmeId: 'kekiz', phaseId: 'model', from: '2012-02-01' }, { programme }, at('2012-02-01'))).then([enrolled]);
    spec.given([registered]).when(command('EnrolMunicipality', { programmeId: 'kekiz', phaseId: 'model', from: '2016-02-01' }, { programme })).thenFailsWith('enrolment-dates-invalid');
    spec.given([registered]).when(command('EnrolMunicipality', { programmeId: 'kekiz', phaseId: 'rollout', from: '2016-02-01' }, { programme })).thenFailsWith('phase-not-found');
    spec.given([registered]).when(command('EnrolMunicipality', { programmeId: 'kekiz', phaseId: 'model', from: '2012-02-01' }, { programme: { exists: false } })).thenFailsWith('programme-not-found');
    spec.given([registered, enrolled]).when(command('EnrolMunicipality', { programmeId: 'kekiz', phaseId: 'model', from: '2012-03-01' }, { programme })).thenFailsWith('already-enrolled');
  });

  it('ends an enrolment, not before it began and not after its phase ended', () => {
    spec.given([registered, enrolled]).when(command('EndEnrolment', { programmeId: 'kekiz', phaseId: 'model', until: '2012-01-31' }, { programme })).thenFailsWith('enrolment-dates-invalid');
    spec.given([registered]).when(command('EndEnrolment', { programmeId: 'kekiz', phaseId: 'model', until: '2015-09-30' }, { programme })).thenFailsWith('not-enrolled');
    spec.given([registered, enrolled]).when(command('EndEnrolment', { programmeId: 'kekiz', phaseId: 'model', until: '2015-10-01' }, { programme }, at('2012-06-01'))).thenFailsWith('enrolment-dates-invalid');
    spec.given([registered, enrolled]).when(command('EndEnrolment', { programmeId: 'kekiz', phaseId: 'model', until: '2015-09-30' }, { programme }, at('2012-06-01'))).then([
      { type: 'EnrolmentEnded', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', until: '2015-09-30' }, occurredAt: at('2012-06-01') },
    ]);
  });

  it('enrols again only after an earlier enrolment in the phase has ended, also when that end lies ahead', () => {
    const ended: MunicipalityEvent = { type: 'EnrolmentEnded', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', until: '2014-06-30' }, occurredAt: at('2013-01-01') };
    const again = (from: string) => command('EnrolMunicipality', { programmeId: 'kekiz', phaseId: 'model', from }, { programme }, at('2013-02-01'));
    spec.given([registered, enrolled, ended]).when(again('2013-01-01')).thenFailsWith('already-enrolled');
    spec.given([registered, enrolled, ended]).when(again('2014-06-30')).thenFailsWith('already-enrolled');
    spec.given([registered, enrolled, ended]).when(again('2014-07-01')).then([
      { type: 'MunicipalityEnrolled', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', from: '2014-07-01' }, occurredAt: at('2013-02-01') },
    ]);
  });

  it('keeps the histories recorded before these rules foldable: an overlapping re-enrolment or a Kreis with a town key stands', () => {
    const facts = (events: MunicipalityEvent[]) => events.map((event, revision) => ({ ...event, revision, recordedAt: event.occurredAt }) as unknown as EffectiveFact);
    const ended: MunicipalityEvent = { type: 'EnrolmentEnded', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', until: '2014-06-30' }, occurredAt: at('2013-01-01') };
    const overlapping: MunicipalityEvent = { type: 'MunicipalityEnrolled', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', from: '2014-01-01' }, occurredAt: at('2013-02-01') };
    const oldKey: MunicipalityEvent = { ...registered, data: { ...registered.data, ags: '05570000' } };
    expect(() => verifyHistory(municipalityDecider, facts([oldKey, enrolled, ended, overlapping]))).not.toThrow();
  });

  it('records the end of an enrolment by its last day: one decided later is backdated to that day at the latest', () => {
    const end = (occurredAt: string) => command('EndEnrolment', { programmeId: 'kekiz', phaseId: 'model', until: '2012-12-31' }, { programme }, occurredAt);
    spec.given([registered, enrolled]).when(end(at('2013-01-01'))).thenFailsWith('occurred-after-end', { field: 'occurredAt', until: '2012-12-31' });
    spec.given([registered, enrolled]).when(end(at('2012-12-31'))).then([
      { type: 'EnrolmentEnded', data: { municipalityId, programmeId: 'kekiz', phaseId: 'model', until: '2012-12-31' }, occurredAt: at('2012-12-31') },
    ]);
  });

  it('defines theme areas only in phases it is enrolled in, each key once', () => {
    const theme = { programmeId: 'kekiz', phaseId: 'model', themeAreaId: 'ben', title: 'Bildungs- und Erziehungsnetzwerk' };
    spec.given([registered]).when(command('DefineThemeArea', theme)).thenFailsWith('not-enrolled');
    spec.given([registered, enrolled, { type: 'ThemeAreaDefined', data: { municipalityId, ...theme }, occurredAt: at('2012-10-01') }]).when(command('DefineThemeArea', theme)).thenFailsWith('theme-area-already-exists');
  });

  it('refuses every command for a municipality that is not registered', () => {
    spec.given([]).when(command('AddSocialSpace', { socialSpaceId: 'milte', name: 'Milte' })).thenFailsWith('municipality-not-found');
  });
});
