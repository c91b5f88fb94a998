import type { Logger } from 'pino';
import type { RateLimitPolicy } from './rate-limit-policies';
import { RateLimiter, type RateLimitMetrics, type RateLimitOutcome } from './rate-limiter';
import type { RedisTokenBucket } from './token-bucket';

const policy: RateLimitPolicy = { name: 'ip', burst: 2, refillPerSecond: 1 };

describe('RateLimiter: Redis down -> fail open, counted, logged without flooding', () => {
  const recorded: Array<[string, RateLimitOutcome]> = [];
  const metrics = { record: (name: string, outcome: RateLimitOutcome) => recorded.push([name, outcome]) };
  const logs: Array<[string, string]> = [];
  const logger = {
    warn: (_fields: object, message: string) => logs.push(['warn', message]),
    info: (_fields: object, message: string) => logs.push(['info', message]),
  };
  let failing = true;
  const keys: string[] = [];
  const buckets = {
    take: async (key: string) => {
      keys.push(key);
      if (failing) throw new Error('Connection is closed.');
      return { policy: 'ip', allowed: false, remaining: 0, waitMs: 900 };
    },
    giveBack: async () => {
      throw new Error('Command timed out');
    },
  };
  const limiter = new RateLimiter(
    buckets as unknown as RedisTokenBucket,
    'it',
    metrics as unknown as RateLimitMetrics,
    logger as unknown as Logger,
  );

  it('answers undefined (no decision) instead of throwing; one warning for many failures', async () => {
    for (let i = 0; i < 5; i += 1) await expect(limiter.take(policy, '203.0.113.7')).resolves.toBeUndefined();
    await expect(limiter.giveBack(policy, '203.0.113.7')).resolves.toBeUndefined();
    expect(recorded).toEqual(Array(5).fill(['ip', 'failed_open']));
    expect(logs.filter(([level]) => level === 'warn')).toHaveLength(1);
    expect(keys[0]).toBe('it:ip:{203.0.113.7}');
  });

  it('logs the recovery once and counts decisions again', async () => {
    failing = false;
    recorded.length = 0;
    await expect(limiter.take(policy, '203.0.113.7')).resolves.toMatchObject({ allowed: false, waitMs: 900 });
    await limiter.take(policy, '203.0.113.7');
    expect(recorded).toEqual([
      ['ip', 'limited'],
      ['ip', 'limited'],
    ]);
    expect(logs.at(-1)).toEqual(['info', 'rate limiting restored']);
    expect(logs.filter(([level]) => level === 'info')).toHaveLength(1);
  });
});
