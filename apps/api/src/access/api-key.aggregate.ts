import { apiKeyDecider, type ApiKeyCommand, type ApiKeyEvent, type ApiKeyState } from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/** API keys on the command path: only admins issue and revoke them. */
export const API_KEY: Aggregate<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = { decider: apiKeyDecider, writers: ['admin'] };
