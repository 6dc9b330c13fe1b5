import { z } from 'zod';
import { defineEvents } from '../shared/event-catalogue.js';
import { calendarDate, identifier, text } from '../shared/values.js';
import { PHASE_KINDS } from './programme.types.js';

export const PROGRAMME_EVENTS = defineEvents('programme', {
  ProgrammeRegistered: {
    version: 1,
    description: 'A state programme was set up (e.g. "Kein Kind zurücklassen! Kommunen in NRW beugen vor").',
    schema: z.strictObject({ programmeId: identifier, name: text(300) }),
    correctable: ['name'],
  },
  PhaseOpened: {
    version: 1,
    description: 'The programme opened a phase (`model` or `rollout`) from a start date, with a planned end if one is known.',
    schema: z.strictObject({
      programmeId: identifier,
      phaseId: identifier,
      kind: z.enum(PHASE_KINDS),
      title: text(300),
      startsOn: calendarDate,
      plannedEnd: calendarDate.nullable(),
    }),
    correctable: ['kind', 'title', 'startsOn', 'plannedEnd'],
  },
  PhaseClosed: {
    version: 1,
    description: 'A phase ended on `endedOn`; from the day after, it accepts no new goals. `occurredAt` is on or before `endedOn`.',
    schema: z.strictObject({ programmeId: identifier, phaseId: identifier, endedOn: calendarDate }),
    correctable: ['endedOn'],
  },
});
