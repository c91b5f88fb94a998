import type { RateLimitConfig } from './rate-limit.config';

/** The scopes limited; also the policy names in the RateLimit headers and the metric label (P21: a closed set). */
export type PolicyName = 'ip' | 'user' | 'login-ip' | 'login-account' | 'register-ip';

/** A token bucket: `burst` tokens at most, `refillPerSecond` added back continuously. */
export interface RateLimitPolicy {
  readonly name: PolicyName;
  readonly burst: number;
  readonly refillPerSecond: number;
}

export type RateLimitPolicies = Readonly<Record<PolicyName, RateLimitPolicy>>;

export function rateLimitPolicies(config: RateLimitConfig): RateLimitPolicies {
  const policy = (name: PolicyName, burst: number, perMinute: number): RateLimitPolicy => ({
    name,
    burst,
    refillPerSecond: perMinute / 60,
  });
  return {
    ip: policy('ip', config.RATE_LIMIT_IP_BURST, config.RATE_LIMIT_IP_PER_MINUTE),
    user: policy('user', config.RATE_LIMIT_USER_BURST, config.RATE_LIMIT_USER_PER_MINUTE),
    'login-ip': policy('login-ip', config.RATE_LIMIT_LOGIN_IP_BURST, config.RATE_LIMIT_LOGIN_IP_PER_MINUTE),
    'login-account': policy(
      'login-account',
      config.RATE_LIMIT_LOGIN_ACCOUNT_BURST,
      config.RATE_LIMIT_LOGIN_ACCOUNT_PER_MINUTE,
    ),
    'register-ip': policy(
      'register-ip',
      config.RATE_LIMIT_REGISTER_IP_BURST,
      config.RATE_LIMIT_REGISTER_IP_PER_MINUTE,
    ),
  };
}
