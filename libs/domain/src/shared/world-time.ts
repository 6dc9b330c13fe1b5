import { DomainError } from './domain-error.js';

/**
 * World time (`occurredAt`) may not lie in the future, and per stream it may not go backwards:
 * a later issue introduces explicit backdated corrections, until then history only moves forward.
 */
export function assertOccurredAtAcceptable(occurredAt: string, now: string, latest?: string): void {
  const occurred = Date.parse(occurredAt);
  if (occurred > Date.parse(now)) {
    throw new DomainError('occurred-in-future', `occurredAt ${occurredAt} lies in the future (now is ${now})`, {
      occurredAt,
      now,
    });
  }
  if (latest !== undefined && occurred < Date.parse(latest)) {
    throw new DomainError(
      'occurred-before-latest',
      `occurredAt ${occurredAt} lies before the latest recorded occurrence ${latest}`,
      { occurredAt, latestOccurredAt: latest },
    );
  }
}
