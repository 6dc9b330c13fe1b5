/**
 * How an operation that lost a race is tried again: exponential back-off with full jitter (a random
 * delay between 0 and a ceiling that doubles per attempt), until a deadline. Random delays spread
 * out writers that collided, so that under contention each of them gets its turn.
 */
export interface RetryPolicy {
  /** No attempt starts later than this after the first one. */
  readonly deadlineMs: number;
  /** Ceiling of the delay after the first failed attempt; it doubles after each further one. */
  readonly firstDelayMs: number;
  /** The ceiling never grows beyond this, so a writer that lost often is not starved by longer waits. */
  readonly maxDelayMs: number;
  /** What the client is told to wait (Retry-After, in seconds) once the deadline has passed. */
  readonly retryAfterSeconds: number;
}

/** For a write that lost the race for its stream to another API instance (within one, writes take turns). */
export const WRITE_RETRY: RetryPolicy = { deadlineMs: 5000, firstDelayMs: 5, maxDelayMs: 250, retryAfterSeconds: 1 };

/** Time and chance, injectable so that tests decide them. */
export interface RetryClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** A number in [0, 1). */
  random(): number;
  sleep(ms: number): Promise<void>;
}

export const systemRetryClock: RetryClock = {
  now: () => performance.now(),
  random: () => Math.random(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The operation kept failing until the deadline; `cause` is its last error. */
export class RetryDeadlineExceeded extends Error {
  override readonly name = 'RetryDeadlineExceeded';

  constructor(
    override readonly cause: unknown,
    readonly attempts: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`gave up after ${attempts} attempts: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface RetryOptions {
  /** Errors for which another attempt may succeed; any other error ends the retries at once. */
  readonly retryable: (error: unknown) => boolean;
  readonly policy?: RetryPolicy;
  readonly clock?: RetryClock;
}

/**
 * Runs `attempt` (numbered from 1) until it succeeds, fails with an error that is not retryable, or
 * the next attempt would start after the deadline; then throws RetryDeadlineExceeded.
 */
export async function retryUntilDeadline<T>(attempt: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retryable, policy = WRITE_RETRY, clock = systemRetryClock } = options;
  const deadline = clock.now() + policy.deadlineMs;
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await attempt(attempts);
    } catch (error) {
      if (!retryable(error)) throw error;
      const delay = backOffDelay(policy, attempts, clock.random());
      if (clock.now() + delay > deadline) throw new RetryDeadlineExceeded(error, attempts, policy.retryAfterSeconds);
      await clock.sleep(delay);
    }
  }
}

/** The wait after the `failures`-th failed attempt, for a `random` number in [0, 1). */
export function backOffDelay(policy: RetryPolicy, failures: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - 1));
  return random * ceiling;
}
