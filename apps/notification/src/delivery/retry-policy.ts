import { backoffDelayMs, type BackoffOptions } from '@shop/platform';
import type { SendFailure } from './send-failure';

export interface RetryPolicy {
  /** NOTIFICATION_MAX_ATTEMPTS. */
  readonly maxAttempts: number;
  /** NOTIFICATION_RETRY_INITIAL_MS / NOTIFICATION_RETRY_MAX_MS. */
  readonly backoff: BackoffOptions;
}

export type NextStep =
  | { readonly action: 'retry'; readonly delayMs: number }
  | { readonly action: 'give-up'; readonly reason: 'max-attempts' | 'rejected' };

/**
 * What to do after failed attempt number `attempts` (1-based, counted at claim
 * time): retry after a capped exponential backoff with jitter (P05), or give up
 * (FAILED + dead letter, P27) when the server rejected the message for good or
 * the attempts are spent.
 */
export function nextStepAfterFailure(
  attempts: number,
  failure: SendFailure,
  policy: RetryPolicy,
  random: () => number = Math.random,
): NextStep {
  if (failure.permanent) return { action: 'give-up', reason: 'rejected' };
  if (attempts >= policy.maxAttempts) return { action: 'give-up', reason: 'max-attempts' };
  return { action: 'retry', delayMs: backoffDelayMs(attempts, policy.backoff, random) };
}
