import { describe, it } from '@jest/globals';
import { deciderSpec } from '../../../../tests/support/decider-spec.js';
import { programmeDecider } from './programme.decider.js';
import type { ProgrammeCommand, ProgrammeEvent } from './programme.types.js';

const spec = deciderSpec(programmeDecider);
const now = '2020-01-01T00:00:00.000Z';
const at = (day: string) => `${day}T00:00:00.000Z`;
const programmeId = 'kekiz';
const registered: ProgrammeEvent = { type: 'ProgrammeRegistered', data: { programmeId, name: 'Kein Kind zurücklassen!' }, occurredAt: at('2011-12-01') };
const model: ProgrammeEvent = {
  type: 'PhaseOpened',
  data: { programmeId, phaseId: 'model', kind: 'model', title: 'Modellphase', startsOn: '2012-01-01', plannedEnd: '2015-09-30' },
  occurredAt: at('2012-01-01'),
};
const open = (phaseId: string, startsOn: string, plannedEnd: string | null, occurredAt = at('2016-01-01')): ProgrammeCommand => ({
  type: 'OpenPhase',
  data: { programmeId, phaseId, kind: 'rollout', title: 'Roll-out', startsOn, plannedEnd },
  occurredAt,
  now,
});
const close = (phaseId: string, endedOn: string, occurredAt = at('2015-09-30')): ProgrammeCommand => ({ type: 'ClosePhase', data: { programmeId, phaseId, endedOn }, occurredAt, now });

describe('programmes and their phases', () => {
  it('registers a programme once', () => {
    const data = { programmeId, name: 'Kein Kind zurücklassen!' };
    spec.given([]).when({ type: 'RegisterProgramme', data, occurredAt: registered.occurredAt, now }).then([registered]);
    spec.given([registered]).when({ type: 'RegisterProgramme', data, occurredAt: at('2012-01-02'), now }).thenFailsWith('programme-already-exists');
  });

  it('opens a phase that starts after the last one ends', () => {
    const command = open('rollout', '2016-01-01', null);
    spec.given([registered, model]).when(command).then([{ type: 'PhaseOpened', data: command.data, occurredAt: at('2016-01-01') } as ProgrammeEvent]);
  });

  it('refuses a phase that overlaps another, naming it', () => {
    spec.given([registered, model]).when(open('rollout', '2015-06-01', null)).thenFailsWith('phase-overlaps', { overlappingPhaseId: 'model' });
  });

  it('refuses a phase id twice, a phase that ends before it starts, and a phase of an unknown programme', () => {
    spec.given([registered, model]).when(open('model', '2016-01-01', null)).thenFailsWith('phase-already-exists');
    spec.given([registered]).when(open('rollout', '2016-01-01', '2015-12-31')).thenFailsWith('phase-dates-invalid');
    spec.given([]).when(open('rollout', '2016-01-01', null, at('2011-01-01'))).thenFailsWith('programme-not-found');
  });

  it('closes a phase once, not before it starts', () => {
    spec.given([registered, model]).when(close('model', '2015-09-30')).then([{ type: 'PhaseClosed', data: { programmeId, phaseId: 'model', endedOn: '2015-09-30' }, occurredAt: at('2015-09-30') }]);
    spec.given([registered, model, { type: 'PhaseClosed', data: { programmeId, phaseId: 'model', endedOn: '2015-09-30' }, occurredAt: at('2015-09-30') }])
      .when(close('model', '2015-10-01'))
      .thenFailsWith('phase-already-closed');
    spec.given([registered, model]).when(close('model', '2011-12-31')).thenFailsWith('phase-dates-invalid');
    spec.given([registered, model]).when(close('rollout', '2016-12-31')).thenFailsWith('phase-not-found');
  });

  it('records a closure by the day it names: one decided later is backdated to that day at the latest', () => {
    spec.given([registered, model]).when(close('model', '2015-09-30', at('2015-10-20'))).thenFailsWith('occurred-after-end', { field: 'occurredAt', endedOn: '2015-09-30' });
    spec.given([registered, model]).when(close('model', '2015-09-30', '2015-09-30T23:59:59.999Z')).then([
      { type: 'PhaseClosed', data: { programmeId, phaseId: 'model', endedOn: '2015-09-30' }, occurredAt: '2015-09-30T23:59:59.999Z' },
    ]);
  });

  it('refuses to close a phase later than the next one starts', () => {
    const rollout: ProgrammeEvent = { type: 'PhaseOpened', data: { programmeId, phaseId: 'rollout', kind: 'rollout', title: 'Roll-out', startsOn: '2016-01-01', plannedEnd: null }, occurredAt: at('2015-12-01') };
    spec.given([registered, model, rollout]).when(close('model', '2016-03-31', at('2016-04-01'))).thenFailsWith('phase-overlaps', { overlappingPhaseId: 'rollout' });
    // Backdated before the roll-out phase was opened, the same closure would make that opening overlap.
    spec.given([registered, model, rollout]).when(close('model', '2016-03-31', at('2015-09-30'))).thenFailsWith('backdated-conflict', { conflictingType: 'PhaseOpened', rule: 'phase-overlaps' });
  });
});
