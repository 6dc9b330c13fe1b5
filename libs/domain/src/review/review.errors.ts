import { defineErrors } from '../shared/domain-error.js';

export const REVIEW_ERRORS = defineErrors({
  'review-not-found': { kind: 'not-found', title: 'No review of this municipality in this quarter' },
  'review-already-held': { kind: 'conflict', title: 'This municipality already had its review in this quarter' },
  'review-date-invalid': { kind: 'unprocessable', title: 'A review is held inside its quarter or shortly after' },
  'review-goals-invalid': { kind: 'unprocessable', title: 'Assessed goals must belong to the municipality and be active in the quarter' },
});
