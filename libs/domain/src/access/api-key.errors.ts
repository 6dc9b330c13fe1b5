import { defineErrors } from '../shared/domain-error.js';

export const API_KEY_ERRORS = defineErrors({
  'api-key-not-found': { kind: 'not-found', title: 'No API key with this id' },
  'api-key-already-exists': { kind: 'conflict', title: 'An API key with this id or secret already exists' },
  'api-key-already-revoked': { kind: 'conflict', title: 'The API key is already revoked' },
  'api-keys-exist': { kind: 'conflict', title: 'API keys exist already; a first admin key is issued only to an empty store' },
});
