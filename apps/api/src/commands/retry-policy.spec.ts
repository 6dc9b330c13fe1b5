import { describe, expect, it } from '@jest/globals';
import { backOffDelay, retryUntilDeadline, RetryDeadlineExceeded, type RetryClock, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { deadlineMs: 1000, firstDelayMs: 10, maxDelayMs: 80, retryAfterSeconds: 2 };

class LostRace extends Error {}

/** A clock that moves only when the policy sleeps (or an attempt takes `attemptMs`), with a fixed "random" draw. */
function fakeClock(random: number, attemptMs = 0): RetryClock & { sleeps: number[]; tick(): void } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    tick: () => {
      now += attemptMs;
    },
  };
}

const retryable = (error: unknown) => error instanceof LostRace;

describe('retryUntilDeadline', () => {
  it('returns the result of the first attempt that succeeds, after losing a few races', async () => {
    const clock = fakeClock(0.5);
    const result = await retryUntilDeadline(
      async (attempt) => {
        if (attempt < 4) throw new LostRace();
        return `won on attempt ${attempt}`;
      },
      { retryable, policy, clock },
    );
    expect(result).toBe('won on attempt 4');
    expect(clock.sleeps).toEqual([5, 10, 20]);
  });

  it('gives up once the next attempt would start after the deadline, with the last error and the Retry-After to answer', async () => {
    const attemptMs = 7;
    const clock = fakeClock(0.99, attemptMs);
    const starts: number[] = [];
    const errors: LostRace[] = [];
    const outcome = retryUntilDeadline(
      async () => {
        starts.push(clock.now());
        clock.tick();
        errors.push(new LostRace(`attempt ${starts.length}`));
        throw errors[errors.length - 1];
      },
      { retryable, policy, clock },
    );
    const exceeded = await outcome.catch((error: unknown) => error);
    expect(exceeded).toBeInstanceOf(RetryDeadlineExceeded);
    expect(exceeded).toMatchObject({ attempts: errors.length, retryAfterSeconds: 2, cause: errors[errors.length - 1] });
    // Every attempt started before the deadline, and one more back-off would have passed it.
    const lastStart = starts[starts.length - 1];
    expect(lastStart).toBeLessThanOrEqual(policy.deadlineMs);
    expect(lastStart + attemptMs + backOffDelay(policy, errors.length, 0.99)).toBeGreaterThan(policy.deadlineMs);
    expect(errors.length).toBeGreaterThan(10);
  });

  it('does not retry an error that another attempt cannot cure', async () => {
    const clock = fakeClock(0.5);
    let attempts = 0;
    const refused = new Error('status-transition-forbidden');
    await expect(
      retryUntilDeadline(
        async () => {
          attempts += 1;
          throw refused;
        },
        { retryable, policy, clock },
      ),
    ).rejects.toBe(refused);
    expect([attempts, clock.sleeps]).toEqual([1, []]);
  });

  it('with a deadline of zero makes exactly one attempt', async () => {
    const clock = fakeClock(0.5);
    const outcome = retryUntilDeadline(
      async () => {
        throw new LostRace();
      },
      { retryable, policy: { ...policy, deadlineMs: 0 }, clock },
    );
    await expect(outcome).rejects.toMatchObject({ attempts: 1, retryAfterSeconds: 2 });
    expect(clock.sleeps).toEqual([]);
  });
});

describe('backOffDelay', () => {
  it('draws each delay between zero and a ceiling that doubles per failure up to the maximum', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 30].map((failures) => backOffDelay(policy, failures, 1));
    expect(ceilings).toEqual([10, 20, 40, 80, 80, 80, 80]);
    expect([0, 0.25, 0.75].map((random) => backOffDelay(policy, 3, random))).toEqual([0, 10, 30]);
  });
});
