import { nextStepAfterFailure, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 5, backoff: { baseMs: 1_000, maxMs: 8_000, jitter: 'equal' } };
const transient = { permanent: false, message: 'ECONNECTION: connect ECONNREFUSED' };
const rejected = { permanent: true, message: 'EENVELOPE: 550 mailbox unavailable' };

describe('nextStepAfterFailure: capped exponential backoff with jitter, then give up (P05, P27)', () => {
  it.each([
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [3, 2_000, 4_000],
    [4, 4_000, 8_000],
  ])('attempt %i retries after %i..%i ms (equal jitter)', (attempts, min, max) => {
    const low = nextStepAfterFailure(attempts, transient, policy, () => 0);
    const high = nextStepAfterFailure(attempts, transient, policy, () => 1);
    expect(low).toEqual({ action: 'retry', delayMs: min });
    expect(high).toEqual({ action: 'retry', delayMs: max });
  });

  it('never waits longer than the cap', () => {
    const long: RetryPolicy = { maxAttempts: 50, backoff: { baseMs: 1_000, maxMs: 8_000, jitter: 'equal' } };
    for (let attempts = 1; attempts < 50; attempts += 1) {
      const step = nextStepAfterFailure(attempts, transient, long);
      expect(step.action).toBe('retry');
      if (step.action === 'retry') expect(step.delayMs).toBeLessThanOrEqual(8_000);
    }
  });

  it('gives up once the attempts are spent', () => {
    expect(nextStepAfterFailure(5, transient, policy)).toEqual({ action: 'give-up', reason: 'max-attempts' });
    expect(nextStepAfterFailure(7, transient, policy)).toEqual({ action: 'give-up', reason: 'max-attempts' });
  });

  it('gives up at once on a permanent rejection: the same message would be refused again', () => {
    expect(nextStepAfterFailure(1, rejected, policy)).toEqual({ action: 'give-up', reason: 'rejected' });
  });

  it('without maxAttempts it never gives up (a job that must eventually happen)', () => {
    const forever: RetryPolicy = { backoff: policy.backoff };
    expect(nextStepAfterFailure(1_000, transient, forever, () => 0)).toEqual({
      action: 'retry',
      delayMs: 4_000,
    });
  });

  it('adds the floor to the backoff and waits at least as long as the failure asks', () => {
    const floored: RetryPolicy = { backoff: policy.backoff, minDelayMs: 500 };
    expect(nextStepAfterFailure(1, transient, floored, () => 0)).toEqual({ action: 'retry', delayMs: 1_000 });
    const circuitOpen = { ...transient, retryNotBeforeMs: 30_000 };
    expect(nextStepAfterFailure(1, circuitOpen, floored, () => 0)).toEqual({
      action: 'retry',
      delayMs: 30_000,
    });
  });
});
