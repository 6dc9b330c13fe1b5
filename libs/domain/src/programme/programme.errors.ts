import { defineErrors } from '../shared/domain-error.js';

export const PROGRAMME_ERRORS = defineErrors({
  'programme-not-found': { kind: 'not-found', title: 'The programme does not exist' },
  'programme-already-exists': { kind: 'conflict', title: 'A programme with this id already exists' },
  'phase-not-found': { kind: 'not-found', title: 'The programme has no such phase' },
  'phase-already-exists': { kind: 'conflict', title: 'The programme already has a phase with this id' },
  'phase-overlaps': { kind: 'conflict', title: 'Phases of one programme must not overlap' },
  'phase-already-closed': { kind: 'conflict', title: 'The phase is already closed' },
  'phase-dates-invalid': { kind: 'unprocessable', title: 'A phase cannot end before it starts' },
});
