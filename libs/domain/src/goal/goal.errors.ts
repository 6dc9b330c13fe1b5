import { defineErrors } from '../shared/domain-error.js';

export const GOAL_ERRORS = defineErrors({
  'goal-not-found': { kind: 'not-found', title: 'The goal does not exist' },
  'goal-already-exists': { kind: 'conflict', title: 'A goal with this id already exists' },
  'goal-discontinued': { kind: 'conflict', title: 'The goal is discontinued' },
  'status-transition-forbidden': { kind: 'conflict', title: 'The status workflow forbids this change' },
  'revision-changes-nothing': { kind: 'conflict', title: 'The revision changes nothing' },
  'goal-references-invalid': { kind: 'unprocessable', title: 'The goal refers to a programme, phase, municipality, theme area, social space or parent goal that does not fit' },
  'carry-over-invalid': { kind: 'unprocessable', title: 'The goal cannot be carried over into that phase' },
  'carry-over-phase-mismatch': { kind: 'conflict', title: 'The goal was no longer in the phase it was carried over from' },
});
