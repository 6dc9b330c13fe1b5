import { apiKeyDecider, DomainError, type ApiKeyCommand, type ApiKeyEvent, type ApiKeyState } from '#domain';
import type { Aggregate } from '../commands/aggregate.js';

/** API keys on the command path: only admins issue and revoke them. */
export const API_KEY: Aggregate<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  decider: apiKeyDecider,
  writers: ['admin'],
  /**
   * "Only if first" asks whether any key was ever recorded, not whether one existed at the command's world
   * time. Instances starting at once each date their first key by their own clock: one that read its clock
   * first but appended second would be decided before the other's key, and issue a second admin key.
   */
  async beforeDecide({ command, history }) {
    if (command.type === 'IssueApiKey' && command.onlyIfFirst && history.some((fact) => fact.type === 'ApiKeyIssued')) {
      throw new DomainError('api-keys-exist', 'API keys exist already');
    }
  },
};
