import { AppError, GrpcStatus, retryAfterSeconds } from '@shop/platform';
import type { RateLimitDecision } from './rate-limit-headers';

/** Error code of every 429 of the gateway (problem+json `code`, P17). */
export const RATE_LIMITED_CODE = 'REQUEST.RATE_LIMITED';

/** 429 (RESOURCE_EXHAUSTED) naming the exhausted policy; Retry-After and RateLimit carry the numbers. */
export function rateLimitedError(decision: RateLimitDecision): AppError {
  return new AppError({
    code: RATE_LIMITED_CODE,
    message: `Too many requests (rate limit "${decision.policy}"): retry in ${retryAfterSeconds(decision.waitMs)} s.`,
    grpcStatus: GrpcStatus.RESOURCE_EXHAUSTED,
    retryAfterMs: decision.waitMs,
  });
}
