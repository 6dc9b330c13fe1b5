import { defineErrors } from '../shared/domain-error.js';

export const GOAL_ERRORS = defineErrors({
  'goal-not-found': { kind: 'not-found', title: 'The goal does not exist' },
  'goal-already-exists': { kind: 'conflict', title: 'A goal with this id already exists' },
  'goal-discontinued': { kind: 'conflict', title: 'The goal is discontinued' },
  'status-transition-forbidden': { kind: 'conflict', title: 'The status workflow forbids this change' },
  'revision-changes-nothing': { kind: 'conflict', title: 'The revision changes nothing' },
});
