import type { DomainCommand, DomainEvent } from '../shared/decider.js';

/** What a caller may do (docs/access.md): admins everything, evaluators read only. */
export const ROLES = ['admin', 'coordinator', 'municipality_editor', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** An API key as recorded: never the key itself, only its SHA-256 and the first characters, to recognise it by. */
export interface ApiKey {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  /** The municipality a `municipality_editor` key writes for; null for every other role. */
  readonly municipalityId: string | null;
  /** An instant; null: the key does not expire. */
  readonly expiresAt: string | null;
  /** Hex SHA-256 of the whole key. */
  readonly hash: string;
  /** The key's first characters, shown in lists so that a key can be recognised. */
  readonly prefix: string;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
}

export interface IssueApiKey extends DomainCommand<'IssueApiKey'> {
  readonly data: Omit<ApiKey, 'issuedAt' | 'revokedAt'>;
  /** Refused once any key exists: the admin key of a first start, created once however many instances start. */
  readonly onlyIfFirst?: boolean;
}

export interface RevokeApiKey extends DomainCommand<'RevokeApiKey'> {
  readonly data: { readonly keyId: string; readonly reason: string };
}

export type ApiKeyCommand = IssueApiKey | RevokeApiKey;

export type ApiKeyIssued = DomainEvent<'ApiKeyIssued', IssueApiKey['data']>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', RevokeApiKey['data']>;
export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;

/** Every key ever issued, by id; few enough (one per system and admin) to live in one stream. */
export interface ApiKeyState {
  readonly keys: Readonly<Record<string, ApiKey>>;
}

export const initialApiKeyState: ApiKeyState = { keys: {} };
