import { streamName, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { initialApiKeyState, type ApiKey, type ApiKeyCommand, type ApiKeyEvent, type ApiKeyState } from './api-key.types.js';

export const API_KEY_CATEGORY = 'apikeys';
/** All keys share one stream: authentication reads one stream, and a list needs no read model. */
export const API_KEY_STREAM_ID = 'all';
export const apiKeyStream = (): string => streamName(API_KEY_CATEGORY, API_KEY_STREAM_ID);

function decide(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  const { occurredAt } = command;
  switch (command.type) {
    case 'IssueApiKey': {
      if (command.onlyIfFirst && Object.keys(state.keys).length > 0) throw new DomainError('api-keys-exist', 'API keys exist already');
      return checked(state, { type: 'ApiKeyIssued', data: command.data, occurredAt });
    }
    case 'RevokeApiKey':
      return checked(state, { type: 'ApiKeyRevoked', data: command.data, occurredAt });
    default: {
      const unknown: never = command;
      throw new Error(`Unknown API key command ${JSON.stringify(unknown)}`);
    }
  }
}

function checked(state: ApiKeyState, event: ApiKeyEvent): ApiKeyEvent[] {
  check(state, event);
  return [event];
}

function check(state: ApiKeyState, event: ApiKeyEvent): void {
  const { keyId } = event.data;
  if (event.type === 'ApiKeyIssued') {
    const { hash } = event.data;
    if (Object.hasOwn(state.keys, keyId) || Object.values(state.keys).some((key) => key.hash === hash)) {
      throw new DomainError('api-key-already-exists', `An API key with id ${keyId} or the same secret already exists`, { keyId });
    }
    return;
  }
  const key = keyOf(state, keyId);
  if (key.revokedAt !== null) throw new DomainError('api-key-already-revoked', `API key ${keyId} was revoked at ${key.revokedAt}`, { keyId, revokedAt: key.revokedAt });
}

function evolve(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyIssued':
      return { keys: { ...state.keys, [event.data.keyId]: { ...event.data, issuedAt: event.occurredAt, revokedAt: null } } };
    case 'ApiKeyRevoked': {
      const key = state.keys[event.data.keyId];
      return key ? { keys: { ...state.keys, [key.keyId]: { ...key, revokedAt: event.occurredAt } } } : state;
    }
    default:
      return state;
  }
}

export function keyOf(state: ApiKeyState, keyId: string): ApiKey {
  const key = Object.hasOwn(state.keys, keyId) ? state.keys[keyId] : undefined;
  if (!key) throw new DomainError('api-key-not-found', `No API key ${keyId}`, { keyId });
  return key;
}

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  category: API_KEY_CATEGORY,
  initialState: initialApiKeyState,
  streamIdOf: () => API_KEY_STREAM_ID,
  decide,
  evolve,
  check,
};
