import { createHash } from 'node:crypto';
import type { RateLimitConfig } from './rate-limit.config';

/** The scopes limited; also the policy names in the RateLimit headers and the metric label (a closed set). */
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

/** Injection token of the gateway's RateLimitPolicies (built from APP_CONFIG). */
export const RATE_LIMIT_POLICIES = Symbol('RATE_LIMIT_POLICIES');

/** A stricter limit on one route, on top of the per-IP and per-user ones. */
export interface RouteLimit {
  readonly policy: PolicyName;
  /** The bucket's subject for this request; undefined skips the limit (e.g. no email in the body). */
  subject(request: { ip: string; body: unknown }): string | undefined;
  /**
   * Only failed attempts count: the token is given back unless the answer is 401.
   * Legitimate users (and the e2e suite's demo admin) log in as often as they
   * like; a guesser spends a token per wrong password.
   */
  readonly failuresOnly?: boolean;
}

/**
 * The routes an attacker profits from repeating, keyed by method and route
 * template (a renamed route fails rate-limit-policies.spec.ts):
 * - login (every attempt costs the user service a memory-hard scrypt
 *   hash): per IP against one source trying many accounts, per account against
 *   many sources (a botnet) trying one account;
 * - registration: per IP against mass account creation and email enumeration.
 */
export const ROUTE_LIMITS: Readonly<Record<string, readonly RouteLimit[]>> = {
  'POST /v1/auth/login': [
    { policy: 'login-ip', subject: ({ ip }) => ip },
    { policy: 'login-account', subject: ({ body }) => accountSubject(body), failuresOnly: true },
  ],
  'POST /v1/users': [{ policy: 'register-ip', subject: ({ ip }) => ip }],
};

export const routeLimitsOf = (method: string, route: string | undefined): readonly RouteLimit[] =>
  (route && ROUTE_LIMITS[`${method} ${route}`]) || [];

/** Longer than any valid email (RFC 5321 path limit): hashed anyway, never stored. */
const MAX_EMAIL_LENGTH = 320;

/**
 * The login-account subject: the email as the user service compares it (trimmed,
 * lower case), hashed, so no address ends up in Redis keys (no personal
 * data outside its owner). Undefined without a string email: the request is
 * then rejected by validation, still limited per IP.
 */
export function accountSubject(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  if (typeof email !== 'string') return undefined;
  const normalized = email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH);
  return normalized ? sha256Hex(`login:${normalized}`) : undefined;
}

/** SHA-256, hex, 128 bits: for subjects that must not appear in Redis keys as they are. */
export const sha256Hex = (value: string): string =>
  createHash('sha256').update(value).digest('hex').slice(0, 32);
