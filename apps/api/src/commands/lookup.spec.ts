import { describe, expect, it } from '@jest/globals';
import { enrolmentOn, municipalityDecider, phaseOpenOn, programmeDecider, type Fact, type Municipality, type Programme } from '#domain';
import { Lookup } from './lookup.js';
import type { StreamHistories } from './stream-histories.js';

/** A lookup over fixed streams, as the command path would read them from the log. */
function lookupOver(streams: Record<string, Omit<Fact, 'revision'>[]>): Lookup {
  const histories = { load: async (stream: string) => (streams[stream] ?? []).map((fact, revision) => ({ ...fact, revision })) };
  return new Lookup(histories as unknown as StreamHistories);
}

const programme = (facts: Omit<Fact, 'revision'>[]) => lookupOver({ 'programme-kekiz': facts });
const phaseOn = async (lookup: Lookup, asOf: string) => {
  const state = (await lookup.stateOf(programmeDecider, 'kekiz', asOf)) as Programme;
  const phase = state.phases.find((candidate) => candidate.id === 'model');
  return phase && phaseOpenOn(phase, asOf.slice(0, 10));
};

describe('Lookup', () => {
  const registered = { type: 'ProgrammeRegistered', data: { programmeId: 'kekiz', name: 'Kein Kind zurücklassen!' }, occurredAt: '2011-11-01T00:00:00.000Z' };
  const opened = (occurredAt: string) => ({
    type: 'PhaseOpened',
    data: { programmeId: 'kekiz', phaseId: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: null },
    occurredAt,
  });
  const closed = (occurredAt: string) => ({ type: 'PhaseClosed', data: { programmeId: 'kekiz', phaseId: 'model', endedOn: '2015-09-30' }, occurredAt });

  it('sees a phase closed by a later decision as closed from the day after its end', async () => {
    const lookup = programme([registered, opened('2012-01-01T00:00:00.000Z'), closed('2015-10-20T00:00:00.000Z')]);
    expect(await phaseOn(lookup, '2015-09-30T12:00:00.000Z')).toBe(true);
    expect(await phaseOn(lookup, '2015-10-01T00:00:00.000Z')).toBe(false);
    expect(await phaseOn(lookup, '2015-10-19T00:00:00.000Z')).toBe(false);
  });

  it('sees a phase opened by a later decision as open from its start date', async () => {
    const lookup = programme([registered, opened('2012-02-15T00:00:00.000Z')]);
    expect(await phaseOn(lookup, '2012-01-10T00:00:00.000Z')).toBe(true);
    expect(await phaseOn(lookup, '2011-12-31T00:00:00.000Z')).toBeUndefined();
  });

  it('leaves events without a date of their own at their occurredAt', async () => {
    const lookup = programme([{ ...registered, occurredAt: '2012-03-01T00:00:00.000Z' }, opened('2012-03-01T00:00:00.000Z')]);
    expect((await lookup.stateOf(programmeDecider, 'kekiz', '2012-02-01T00:00:00.000Z')).exists).toBe(false);
  });

  it('sees an enrolment from its first day and its end from the day it names, whenever each was decided', async () => {
    const lookup = lookupOver({
      'municipality-warendorf': [
        { type: 'MunicipalityRegistered', data: { municipalityId: 'warendorf', name: 'Kreis Warendorf', kind: 'Kreis', ags: '05570', parentId: null }, occurredAt: '2011-01-01T00:00:00.000Z' },
        { type: 'MunicipalityEnrolled', data: { municipalityId: 'warendorf', programmeId: 'kekiz', phaseId: 'model', from: '2012-01-01' }, occurredAt: '2012-03-01T00:00:00.000Z' },
        { type: 'EnrolmentEnded', data: { municipalityId: 'warendorf', programmeId: 'kekiz', phaseId: 'model', until: '2015-09-30' }, occurredAt: '2016-09-26T00:00:00.000Z' },
      ],
    });
    const enrolledOn = async (asOf: string) =>
      enrolmentOn((await lookup.stateOf(municipalityDecider, 'warendorf', asOf)) as Municipality, 'kekiz', 'model', asOf.slice(0, 10)) !== undefined;
    expect(await enrolledOn('2012-01-02T00:00:00.000Z')).toBe(true);
    expect(await enrolledOn('2015-09-30T23:00:00.000Z')).toBe(true);
    expect(await enrolledOn('2015-10-01T00:00:00.000Z')).toBe(false);
    expect(await enrolledOn('2016-09-25T00:00:00.000Z')).toBe(false);
  });
});
