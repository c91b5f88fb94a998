import { randomBytes, randomUUID } from 'node:crypto';
import { redisOptions } from '@shop/platform';
import { waitUntil } from '@shop/testing';
import { Redis } from 'ioredis';
import type { RateLimitPolicy } from './rate-limit-policies';
import { RedisScript, RedisTokenBucket, TOKEN_BUCKET_LUA } from './token-bucket';

// The token bucket script against the real (shared) Redis. Keys carry a prefix
// unique to this run, and expire on their own; afterAll deletes what is left.
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';
const PREFIX = `it-rl-bucket-${randomBytes(4).toString('hex')}`;

const connect = async (name: string): Promise<Redis> => {
  const redis = new Redis(REDIS_URL, redisOptions({ REDIS_URL, REDIS_COMMAND_TIMEOUT_MS: 2_000 }, name));
  await redis.connect();
  return redis;
};

const policy = (burst: number, refillPerSecond: number): RateLimitPolicy => ({
  name: 'ip',
  burst,
  refillPerSecond,
});

describe('token bucket in Redis (one Lua script, Redis TIME, TTL)', () => {
  let redis: Redis;
  let replica: Redis;
  let bucket: RedisTokenBucket;
  let n = 0;
  const newKey = () => `${PREFIX}:ip:{203.0.113.${(n += 1)}}`;
  /** Redis's clock in microseconds: the only clock the script uses. */
  const redisNowUs = async () => {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1_000_000 + Number(micros);
  };

  beforeAll(async () => {
    redis = await connect('it-rate-limit');
    replica = await connect('it-rate-limit-replica');
    bucket = new RedisTokenBucket(redis);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all([redis.quit(), replica.quit()]);
  });

  it('atomic: 50 concurrent takes from two gateway replicas on a bucket of 10 -> exactly 10 allowed', async () => {
    const key = newKey();
    const slow = policy(10, 1 / 3_600); // refill negligible during the test
    const second = new RedisTokenBucket(replica);
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? bucket : second).take(key, slow)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0 && d.waitMs > 0)).toBe(true);
    expect(new Set(decisions.filter((d) => d.allowed).map((d) => d.remaining))).toEqual(
      new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    );
  });

  it('counts down; the key lives exactly as long as the bucket takes to refill', async () => {
    const key = newKey();
    const decision = await bucket.take(key, policy(10, 1));
    expect(decision).toEqual({ policy: 'ip', allowed: true, remaining: 9, waitMs: expect.any(Number) });
    expect(decision.waitMs).toBeGreaterThan(0);
    expect(decision.waitMs).toBeLessThanOrEqual(1_000);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
  });

  it('refills from Redis TIME: 2.5 s ago at 0 tokens, 1 token/s -> 2.5 tokens now', async () => {
    const key = newKey();
    await redis.hset(key, { tokens: 0, ts: (await redisNowUs()) - 2_500_000 });
    const decision = await bucket.take(key, policy(10, 1));
    expect(decision).toMatchObject({ allowed: true, remaining: 1 }); // 2.5 - 1 = 1.5
    expect(decision.waitMs).toBeGreaterThan(0);
    expect(decision.waitMs).toBeLessThanOrEqual(500); // 1.5 -> 2.0 at 1 token/s
  });

  it('never refills above the burst, and a clock that went back refills nothing', async () => {
    const old = newKey();
    await redis.hset(old, { tokens: 1, ts: (await redisNowUs()) - 3_600_000_000 });
    expect(await bucket.take(old, policy(3, 1))).toMatchObject({ allowed: true, remaining: 2 });

    const future = newKey();
    await redis.hset(future, { tokens: 0, ts: (await redisNowUs()) + 60_000_000 });
    expect(await bucket.take(future, policy(3, 1))).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('Retry-After is honest: denied with the time until the next token, to the millisecond', async () => {
    const minute = policy(3, 1 / 60); // 1 token per minute
    const seeded = newKey();
    await redis.hset(seeded, { tokens: 0.5, ts: await redisNowUs() });
    const half = await bucket.take(seeded, minute);
    expect(half.allowed).toBe(false);
    expect(half.waitMs).toBeGreaterThan(25_000); // minus the time since seeding
    expect(half.waitMs).toBeLessThanOrEqual(30_000);

    const key = newKey();
    for (let i = 0; i < 3; i += 1) expect((await bucket.take(key, minute)).allowed).toBe(true);
    const denied = await bucket.take(key, minute);
    expect(denied).toMatchObject({ allowed: false, remaining: 0 });
    expect(denied.waitMs).toBeGreaterThan(55_000);
    expect(denied.waitMs).toBeLessThanOrEqual(60_000);
  });

  it('refills over time: denied, then allowed no earlier than the wait it announced (Redis clock)', async () => {
    const key = newKey();
    const fast = policy(1, 20); // a token every 50 ms
    expect((await bucket.take(key, fast)).allowed).toBe(true);
    const denied = await bucket.take(key, fast);
    expect(denied.allowed).toBe(false);
    expect(denied.waitMs).toBeGreaterThan(0);
    expect(denied.waitMs).toBeLessThanOrEqual(50);
    const deniedAt = Number(await redis.hget(key, 'ts'));

    // Denied takes cost nothing, so polling does not delay the refill.
    await waitUntil(async () => (await bucket.take(key, fast)).allowed, {
      timeoutMs: 5_000,
      intervalMs: 5,
      description: 'a token to be refilled',
    });
    const allowedAt = Number(await redis.hget(key, 'ts'));
    expect(allowedAt - deniedAt).toBeGreaterThanOrEqual((denied.waitMs - 1) * 1_000);
  });

  it('an idle bucket vanishes (TTL), which is the same as a full one', async () => {
    const key = newKey();
    await bucket.take(key, policy(2, 100)); // full again after 10 ms
    expect(await redis.pttl(key)).toBeLessThanOrEqual(10);
    await waitUntil(async () => (await redis.exists(key)) === 0, {
      timeoutMs: 5_000,
      intervalMs: 20,
      description: 'the idle bucket to expire',
    });
    expect(await bucket.take(key, policy(2, 100))).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('gives a token back, never above the burst (a full bucket is no key at all)', async () => {
    const key = newKey();
    const slow = policy(2, 1 / 3_600);
    await bucket.take(key, slow);
    await bucket.take(key, slow);
    expect((await bucket.take(key, slow)).allowed).toBe(false);
    await bucket.giveBack(key, slow);
    expect(await bucket.take(key, slow)).toMatchObject({ allowed: true, remaining: 0 });
    await bucket.giveBack(key, slow);
    await bucket.giveBack(key, slow);
    await bucket.giveBack(key, slow);
    expect(await redis.exists(key)).toBe(0);
  });

  it('EVALSHA: a script Redis does not know (restart, failover) is loaded by one EVAL, then cached', async () => {
    // A variant no one has loaded yet: SCRIPT FLUSH would disturb everyone sharing this Redis.
    const script = new RedisScript(`${TOKEN_BUCKET_LUA}\n-- ${randomUUID()}`);
    const evals = jest.spyOn(redis, 'eval');
    try {
      expect(await redis.script('EXISTS', script.sha)).toEqual([0]);
      const fresh = new RedisTokenBucket(redis, script);
      expect(await fresh.take(newKey(), policy(5, 1))).toMatchObject({ allowed: true, remaining: 4 });
      expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
      expect(await fresh.take(newKey(), policy(5, 1))).toMatchObject({ allowed: true, remaining: 4 });
      expect(evals).toHaveBeenCalledTimes(1);
    } finally {
      evals.mockRestore();
    }
  });
});
