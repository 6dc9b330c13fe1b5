import { defineErrors } from './domain-error.js';

/** Rules of time and corrections that hold for every aggregate. */
export const CORE_ERRORS = defineErrors({
  'occurred-in-future': { kind: 'invalid', title: 'occurredAt lies in the future' },
  'backdated-conflict': { kind: 'conflict', title: 'A later event would no longer hold' },
  'occurred-before-creation': { kind: 'conflict', title: 'occurredAt lies before the stream began' },
  'occurred-after-end': { kind: 'unprocessable', title: 'An end is recorded at the latest on the day it names' },
  'event-not-found': { kind: 'not-found', title: 'The stream has no event with this revision' },
  'correction-target-invalid': { kind: 'unprocessable', title: 'Only recorded facts can be corrected, not corrections' },
  'correction-invalid': { kind: 'unprocessable', title: 'The corrected fact would not be valid' },
  'correction-changes-nothing': { kind: 'conflict', title: 'The correction changes nothing' },
});
