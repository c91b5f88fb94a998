import { rateLimitConfigSchema } from './rate-limit.config';
import { rateLimitPolicies } from './rate-limit-policies';

describe('rate-limit configuration (P25)', () => {
  it('defaults: generous for one developer machine, strict on failed logins per account, no trusted proxy', () => {
    const config = rateLimitConfigSchema.parse({});
    expect(config.RATE_LIMIT_TRUSTED_PROXIES).toEqual([]);
    expect(config.RATE_LIMIT_KEY_PREFIX).toBe('rl');
    expect(config.REDIS_COMMAND_TIMEOUT_MS).toBe(200);
    const policies = rateLimitPolicies(config);
    expect(policies['login-account']).toEqual({ name: 'login-account', burst: 5, refillPerSecond: 0.1 });
    expect(policies.ip.burst).toBeGreaterThanOrEqual(1_000);
  });

  it('trusted proxies: addresses and CIDR blocks, IPv4 and IPv6', () => {
    const config = rateLimitConfigSchema.parse({
      RATE_LIMIT_TRUSTED_PROXIES: '127.0.0.0/8, ::1/128,10.244.0.0/16 , 192.0.2.10',
    });
    expect(config.RATE_LIMIT_TRUSTED_PROXIES).toEqual([
      '127.0.0.0/8',
      '::1/128',
      '10.244.0.0/16',
      '192.0.2.10',
    ]);
  });

  it.each([['10.0.0.0/33'], ['::1/129'], ['10.0.0.1/8/1'], ['ingress'], ['10.0.0.0/x']])(
    'rejects %s, naming the variable',
    (value) => {
      const result = rateLimitConfigSchema.safeParse({ RATE_LIMIT_TRUSTED_PROXIES: value });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe('RATE_LIMIT_TRUSTED_PROXIES');
    },
  );

  it('rejects a zero rate and a prefix that would break the hash tag', () => {
    expect(rateLimitConfigSchema.safeParse({ RATE_LIMIT_IP_PER_MINUTE: '0' }).success).toBe(false);
    expect(rateLimitConfigSchema.safeParse({ RATE_LIMIT_KEY_PREFIX: 'rl{x}' }).success).toBe(false);
  });
});
