import { accountSubject } from './bucket-keys';
import type { PolicyName } from './rate-limit-policies';

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
 * template (a renamed route fails route-limits.spec.ts):
 * - login (P26: every attempt costs the user service a memory-hard scrypt
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
