/** Injection token of the gateway's RateLimitPolicies (built from APP_CONFIG). */
export const RATE_LIMIT_POLICIES = Symbol('RATE_LIMIT_POLICIES');
