import { isIP } from 'node:net';
import { commaList, positiveInt } from '@shop/platform';
import { z } from 'zod';

/** `10.0.0.0/8`, `127.0.0.6`, `::1/128`: an address or a CIDR block. */
export function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const addressList = () =>
  commaList().pipe(
    z.array(
      z.string().refine(isAddressOrCidr, 'must be a comma-separated list of IP addresses or CIDR blocks'),
    ),
  );

/**
 * The gateway's rate limits (docs/rate-limiting.md). Each scope is a token
 * bucket: `_BURST` tokens at most (the burst a client may send at once) and
 * `_PER_MINUTE` tokens added back per minute (the sustained rate).
 *
 * The defaults fit one developer machine, where the e2e suite and the load tests
 * (`make load`) all come from 127.0.0.1: generous everywhere except failed logins per
 * account. Kubernetes sets production values (deploy/k8s/apps/gateway/config.env),
 * like SHUTDOWN_DRAIN_DELAY_MS is 0 here and set there.
 */
export const rateLimitConfigSchema = z.object({
  /**
   * The bound of every Redis command of the gateway, whose only Redis use is rate
   * limiting: far below the platform's 1000 ms, because every request waits for
   * its bucket. Past it the request goes on unlimited (fail open, counted).
   */
  REDIS_COMMAND_TIMEOUT_MS: positiveInt().default(200),
  /**
   * Every bucket key starts with it: `<prefix>:<policy>:{<subject>}`. Replicas of one
   * deployment must share it (they share the buckets); tests use their own.
   */
  RATE_LIMIT_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" and "-" only')
    .default('rl'),
  /**
   * Peers whose X-Forwarded-For is believed: the proxies in front of the gateway
   * (in Kubernetes the sidecar on 127.0.0.6 and the Istio ingress pods). Empty:
   * the client is the TCP peer and X-Forwarded-For is ignored (a client could forge it).
   */
  RATE_LIMIT_TRUSTED_PROXIES: addressList().default([]),
  /** Every request, before authentication, per client IP (IPv6: per /64). */
  RATE_LIMIT_IP_BURST: positiveInt().default(5_000),
  RATE_LIMIT_IP_PER_MINUTE: positiveInt().default(300_000),
  /** Every authenticated request, per user (the token's subject), whatever its IP. */
  RATE_LIMIT_USER_BURST: positiveInt().default(1_000),
  RATE_LIMIT_USER_PER_MINUTE: positiveInt().default(60_000),
  /** POST /v1/auth/login per client IP, every attempt (credential stuffing from one source). */
  RATE_LIMIT_LOGIN_IP_BURST: positiveInt().default(1_000),
  RATE_LIMIT_LOGIN_IP_PER_MINUTE: positiveInt().default(6_000),
  /** POST /v1/auth/login per account (the email), failed attempts only (guessing one account from many IPs). */
  RATE_LIMIT_LOGIN_ACCOUNT_BURST: positiveInt().default(5),
  RATE_LIMIT_LOGIN_ACCOUNT_PER_MINUTE: positiveInt().default(6),
  /** POST /v1/users (registration) per client IP, every attempt. */
  RATE_LIMIT_REGISTER_IP_BURST: positiveInt().default(1_000),
  RATE_LIMIT_REGISTER_IP_PER_MINUTE: positiveInt().default(6_000),
});

export type RateLimitConfig = z.infer<typeof rateLimitConfigSchema>;
