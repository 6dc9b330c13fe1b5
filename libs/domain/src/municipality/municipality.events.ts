import { z } from 'zod';
import { defineEvents } from '../shared/event-catalogue.js';
import { calendarDate, identifier, text } from '../shared/values.js';
import { MUNICIPALITY_KINDS } from './municipality.types.js';

const municipalityId = identifier;
const name = text(200);
const phase = { programmeId: identifier, phaseId: identifier };

export const MUNICIPALITY_EVENTS = defineEvents('municipality', {
  MunicipalityRegistered: {
    version: 1,
    description: 'A Kreis, kreisfreie Stadt, Stadt or Gemeinde was registered, with its official key (AGS) and the Kreis it belongs to, if any.',
    schema: z.strictObject({
      municipalityId,
      name,
      kind: z.enum(MUNICIPALITY_KINDS),
      ags: z.string().regex(/^(\d{5}|\d{8})$/, 'must be 5 or 8 digits').nullable(),
      parentId: identifier.nullable(),
    }),
    correctable: ['name', 'kind'],
  },
  MunicipalityRenamed: { version: 1, description: 'The municipality took a new name.', schema: z.strictObject({ municipalityId, name }), correctable: ['name'] },
  SocialSpaceAdded: {
    version: 1,
    description: 'A social space (Sozialraum) of the municipality was named, e.g. Müssingen.',
    schema: z.strictObject({ municipalityId, socialSpaceId: identifier, name }),
    correctable: ['name'],
  },
  SocialSpaceRenamed: { version: 1, description: 'A social space took a new name.', schema: z.strictObject({ municipalityId, socialSpaceId: identifier, name }), correctable: ['name'] },
  SocialSpaceRetired: {
    version: 1,
    description: 'A social space is no longer used from this date; goals formulated later cannot name it.',
    schema: z.strictObject({ municipalityId, socialSpaceId: identifier }),
    correctable: [],
  },
  MunicipalityEnrolled: {
    version: 1,
    description: 'The municipality takes part in a phase of a programme from `from`.',
    schema: z.strictObject({ municipalityId, ...phase, from: calendarDate }),
    correctable: ['from'],
  },
  EnrolmentEnded: {
    version: 1,
    description: 'The municipality left a phase; `until` is its last day in it, and `occurredAt` is on or before that day.',
    schema: z.strictObject({ municipalityId, ...phase, until: calendarDate }),
    correctable: ['until'],
  },
  ThemeAreaDefined: {
    version: 1,
    description: 'A named group of the municipality\'s goals in one phase, e.g. "Bildungs- und Erziehungsnetzwerk Müssingen, Einen und Milte".',
    schema: z.strictObject({ municipalityId, ...phase, themeAreaId: identifier, title: text(300) }),
    correctable: ['title'],
  },
});
