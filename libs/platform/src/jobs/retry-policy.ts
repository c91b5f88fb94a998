import { backoffDelayMs, type BackoffOptions } from '../resilience/backoff';

/** How a queue retries its failed jobs. */
export interface RetryPolicy {
  /** The one capped exponential backoff with jitter, by attempt number. */
  readonly backoff: BackoffOptions;
  /** Added to every drawn delay: a retry never comes back at once. Default 0. */
  readonly minDelayMs?: number;
  /**
   * Give up after this many attempts. Omit it for jobs that must eventually
   * happen (a capture, a refund): they are retried for as long as it takes.
   */
  readonly maxAttempts?: number;
}

/** A failed attempt, as the handler reports it. */
export interface JobFailure {
  /** Short and loggable; stored as the job's last error. */
  readonly error: string;
  /** The same job would fail the same way again (a 5xx SMTP reply): give up now. */
  readonly permanent?: boolean;
  /** Not sooner than this, whatever the backoff says (an open circuit's remaining wait). */
  readonly retryNotBeforeMs?: number;
}

export type NextStep =
  | { readonly action: 'retry'; readonly delayMs: number }
  | { readonly action: 'give-up'; readonly reason: 'max-attempts' | 'rejected' };

/**
 * What to do after failed attempt number `attempts` (1-based, counted at claim
 * time): retry after the backoff, or give up when the failure is permanent or
 * the attempts are spent.
 */
export function nextStepAfterFailure(
  attempts: number,
  failure: Pick<JobFailure, 'permanent' | 'retryNotBeforeMs'>,
  policy: RetryPolicy,
  random: () => number = Math.random,
): NextStep {
  if (failure.permanent) return { action: 'give-up', reason: 'rejected' };
  if (policy.maxAttempts !== undefined && attempts >= policy.maxAttempts) {
    return { action: 'give-up', reason: 'max-attempts' };
  }
  const backoffMs = (policy.minDelayMs ?? 0) + backoffDelayMs(attempts, policy.backoff, random);
  return { action: 'retry', delayMs: Math.max(failure.retryNotBeforeMs ?? 0, backoffMs) };
}
