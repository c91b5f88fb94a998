import { AppError } from '@shop/platform';
import { retryAfterSeconds, type RateLimitDecision } from './rate-limit-headers';

/** Error code of every 429 of the gateway (problem+json `code`, P17). */
export const RATE_LIMITED_CODE = 'REQUEST.RATE_LIMITED';

/** 429 (RESOURCE_EXHAUSTED) naming the exhausted policy; Retry-After and RateLimit carry the numbers. */
export function rateLimitedError(decision: RateLimitDecision): AppError {
  return AppError.resourceExhausted(
    RATE_LIMITED_CODE,
    `Too many requests (rate limit "${decision.policy}"): retry in ${retryAfterSeconds(decision.waitMs)} s.`,
  );
}
