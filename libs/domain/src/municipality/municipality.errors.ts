import { defineErrors } from '../shared/domain-error.js';

export const MUNICIPALITY_ERRORS = defineErrors({
  'municipality-not-found': { kind: 'not-found', title: 'The municipality does not exist' },
  'municipality-already-exists': { kind: 'conflict', title: 'A municipality with this id already exists' },
  'ags-taken': { kind: 'conflict', title: 'Another municipality has this official key (AGS)' },
  'parent-invalid': { kind: 'unprocessable', title: 'The parent municipality does not exist or is not a Kreis, or this kind lies in no Kreis' },
  'ags-invalid': { kind: 'unprocessable', title: 'The official key (AGS) does not fit the kind or the Kreis' },
  'name-unchanged': { kind: 'conflict', title: 'The new name is the current one' },
  'social-space-not-found': { kind: 'not-found', title: 'The municipality has no such social space' },
  'social-space-already-exists': { kind: 'conflict', title: 'The municipality already has a social space with this id' },
  'social-space-retired': { kind: 'conflict', title: 'The social space is retired' },
  'already-enrolled': { kind: 'conflict', title: 'The municipality is already enrolled in this phase' },
  'not-enrolled': { kind: 'conflict', title: 'The municipality is not enrolled in this phase at that date' },
  'enrolment-dates-invalid': { kind: 'unprocessable', title: 'The enrolment dates do not fit the phase' },
  'theme-area-already-exists': { kind: 'conflict', title: 'The municipality already has this theme area in this phase' },
});
