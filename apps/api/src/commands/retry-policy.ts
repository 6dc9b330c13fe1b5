/** How long a write that keeps losing races is decided again before it is answered with 409. */
export interface RetryPolicy {
  /** Give up after this long (ms since the first attempt). */
  readonly deadlineMs: number;
  /** First back-off (ms); it doubles on each further attempt, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 3000, baseDelayMs: 2, maxDelayMs: 100 };

/**
 * "Full jitter" exponential back-off: a random wait between 0 and the capped exponential delay, so that
 * racing writers spread out instead of colliding again in lockstep.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt, 20));
}

/** The Retry-After (seconds) to answer with when the deadline passed: the client should back off at least as long. */
export const retryAfterSeconds = (policy: RetryPolicy): number => Math.max(1, Math.ceil(policy.maxDelayMs / 1000));
