import { AppError, GrpcStatus, retryAfterSeconds } from '@shop/platform';
import type { PolicyName, RateLimitPolicy } from './rate-limit-policies';

/** What the bucket said about one request. */
export interface RateLimitDecision {
  readonly policy: PolicyName;
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /**
   * Until one more whole token is there, in ms: when denied, the wait before a
   * retry can pass; when allowed, how long `remaining` is all there is. 0 when full.
   */
  readonly waitMs: number;
}

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-11,
 * Structured Field lists of String items with parameters):
 *
 *   RateLimit-Policy: "ip";q=200;w=4         quota q per window w seconds
 *   RateLimit: "ip";r=199;t=1                r left; no more than r within t seconds
 *
 * A token bucket maps onto them as: q = burst, w = seconds to refill the whole
 * burst (so q/w is the sustained rate), r = whole tokens left, t = seconds until
 * the next token. When r = 0, t equals Retry-After, as the draft asks (Retry-After
 * never points earlier than the end of the effective window).
 */
export function policyItem(policy: RateLimitPolicy): string {
  const window = Math.max(1, Math.ceil(policy.burst / policy.refillPerSecond));
  return `"${policy.name}";q=${policy.burst};w=${window}`;
}

export function limitItem(decision: RateLimitDecision): string {
  return `"${decision.policy}";r=${decision.remaining};t=${Math.ceil(decision.waitMs / 1_000)}`;
}

/** Adds an item to a list-valued field (RFC 9651 lists join with ", "). */
export function appendItem(existing: unknown, item: string): string {
  const current = Array.isArray(existing)
    ? existing.join(', ')
    : typeof existing === 'string'
      ? existing
      : '';
  return current ? `${current}, ${item}` : item;
}

/** The reply surface both Fastify hooks and Nest interceptors have. */
export interface HeaderTarget {
  getHeader(name: string): unknown;
  header(name: string, value: string): unknown;
}

/** RateLimit-Policy and RateLimit for one decision, appended to those of earlier policies of the request. */
export function addRateLimitHeaders(
  reply: HeaderTarget,
  policy: RateLimitPolicy,
  decision: RateLimitDecision,
): void {
  reply.header('ratelimit-policy', appendItem(reply.getHeader('ratelimit-policy'), policyItem(policy)));
  reply.header('ratelimit', appendItem(reply.getHeader('ratelimit'), limitItem(decision)));
  if (!decision.allowed) reply.header('retry-after', String(retryAfterSeconds(decision.waitMs)));
}

/** Error code of every 429 of the gateway (problem+json `code`). */
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
