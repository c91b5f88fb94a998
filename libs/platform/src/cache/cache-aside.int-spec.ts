import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { CacheAside, CacheCodec, type CacheAsideOptions } from './cache-aside';
import { CacheMetrics, CacheResult, RedisOperation } from './cache-metrics';

// The cache-aside engine against a real Redis. The loader is a counting
// fake standing in for the database, so "how many database reads" is exact.
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';

const codec: CacheCodec<string> = {
  encode: (value) => JSON.stringify({ value }),
  decode: (raw) => {
    const parsed = JSON.parse(raw) as { value?: unknown };
    if (typeof parsed.value !== 'string') throw new Error('bad entry');
    return parsed.value;
  },
};

class RecordingMetrics extends CacheMetrics {
  readonly results: CacheResult[] = [];
  readonly redisErrors: RedisOperation[] = [];
  loadCount = 0;
  override redisError(operation: RedisOperation): void {
    this.redisErrors.push(operation);
  }
  override request(result: CacheResult): void {
    this.results.push(result);
  }
  override load(): void {
    this.loadCount += 1;
  }
}

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
};

describe('CacheAside on a real Redis (P13)', () => {
  let redis: Redis;
  const prefix = `test:cache:${randomBytes(4).toString('hex')}`;
  const key = (id: string) => CacheAside.key(prefix, id);
  // A generous lease wait: a slow CI machine must not turn "wait for the other replica" into a second read.
  const options = { ttlMs: 60_000, negativeTtlMs: 5_000, jitterRatio: 0.2, leaseWaitMs: 2_000 };
  const cacheFor = (
    client: Redis,
    metrics = new RecordingMetrics('test_cache'),
    overrides: Partial<CacheAsideOptions> = {},
  ) => new CacheAside(client, codec, metrics, pino({ level: 'silent' }), { ...options, ...overrides });

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('coalesces concurrent misses across two replicas into ONE database read (in-process flight + lease)', async () => {
    const replicaA = new RecordingMetrics('test_cache');
    const replicaB = new RecordingMetrics('test_cache');
    const a = cacheFor(redis, replicaA);
    const b = cacheFor(redis, replicaB);
    const gate = deferred<string>();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return gate.promise;
    };
    const reads = [
      ...Array.from({ length: 25 }, () => a.get(key('hot'), load)),
      ...Array.from({ length: 25 }, () => b.get(key('hot'), load)),
    ];
    setTimeout(() => gate.resolve('v1'), 50);
    expect(await Promise.all(reads)).toEqual(Array(50).fill('v1'));
    expect(loads).toBe(1);
    expect(replicaA.loadCount + replicaB.loadCount).toBe(1);
    // The next read is a hit, with no further load.
    expect(await a.get(key('hot'), load)).toBe('v1');
    expect(loads).toBe(1);
  });

  it('caches absence (negative caching) for the short TTL', async () => {
    const metrics = new RecordingMetrics('test_cache');
    const cache = cacheFor(redis, metrics);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return null;
    };
    expect(await cache.get(key('missing'), load)).toBeNull();
    expect(await cache.get(key('missing'), load)).toBeNull();
    expect(await cache.get(key('missing'), load)).toBeNull();
    expect(loads).toBe(1);
    expect(metrics.results).toEqual(['miss', 'negative_hit', 'negative_hit']);
    const ttl = await redis.pttl(key('missing'));
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(6_000); // 5 s + at most 20 % jitter
  });

  it('without negativeTtlMs, absence is not cached: every read asks the database', async () => {
    const metrics = new RecordingMetrics('test_cache');
    const cache = cacheFor(redis, metrics, { negativeTtlMs: undefined });
    expect(await cache.get(key('absent'), async () => null)).toBeNull();
    expect(await cache.get(key('absent'), async () => null)).toBeNull();
    expect(metrics.loadCount).toBe(2);
    expect(metrics.results).toEqual(['miss', 'miss']);
    expect(await redis.exists(key('absent'), CacheAside.leaseKey(key('absent')))).toBe(0);
  });

  it('spreads expiry: TTLs of entries written together differ (jitter)', async () => {
    const cache = cacheFor(redis);
    const ids = Array.from({ length: 10 }, (_, i) => `jitter-${i}`);
    await Promise.all(ids.map((id) => cache.get(key(id), async () => id)));
    const ttls = await Promise.all(ids.map((id) => redis.pttl(key(id))));
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(59_000);
      expect(ttl).toBeLessThanOrEqual(72_000);
    }
    expect(new Set(ttls.map((ttl) => Math.round(ttl / 100))).size).toBeGreaterThan(1);
  });

  it('a fill that read the database before an invalidation never writes its stale value', async () => {
    const cache = cacheFor(redis);
    const slowRead = deferred<string>();
    // Reader: misses, takes the lease, "reads the database" (old value), slowly.
    const stale = cache.get(key('raced'), () => slowRead.promise);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Writer: commits the new value, then invalidates (deletes entry and lease).
    await cache.invalidate(key('raced'));
    slowRead.resolve('old');
    expect(await stale).toBe('old'); // that caller started before the write returned
    expect(await redis.get(key('raced'))).toBeNull(); // but the old value was not cached
    expect(await cache.get(key('raced'), async () => 'new')).toBe('new');
  });

  it('after invalidate() returns, no caller in this process joins a flight that started before it', async () => {
    const cache = cacheFor(redis);
    await cache.get(key('fresh'), async () => 'old');
    const slowRead = deferred<string>();
    await cache.invalidate(key('fresh'));
    const before = cache.get(key('fresh'), () => slowRead.promise);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await cache.invalidate(key('fresh')); // a second write lands while that read is in flight
    const after = cache.get(key('fresh'), async () => 'newest');
    slowRead.resolve('stale');
    expect(await before).toBe('stale');
    expect(await after).toBe('newest');
  });

  it('does not cache a failed load, and shares the failure with the waiters', async () => {
    const cache = cacheFor(redis);
    const failing = async (): Promise<string> => {
      throw new Error('database down');
    };
    await expect(
      Promise.all([cache.get(key('err'), failing), cache.get(key('err'), failing)]),
    ).rejects.toThrow('database down');
    expect(await redis.get(key('err'))).toBeNull();
    expect(await redis.get(`${key('err')}:lease`)).toBeNull(); // lease released, nobody waits for it
    expect(await cache.get(key('err'), async () => 'recovered')).toBe('recovered');
  });

  it('reloads an unreadable entry instead of failing', async () => {
    const cache = cacheFor(redis);
    await redis.set(key('corrupt'), '{"not":"v1"', 'PX', 60_000);
    expect(await cache.get(key('corrupt'), async () => 'fixed')).toBe('fixed');
    expect(await redis.get(key('corrupt'))).toBe(JSON.stringify({ value: 'fixed' }));
  });

  it('Redis down: the database answers (degraded, counted as error), still coalesced', async () => {
    // A client whose connection failed for good: commands fail at once (no offline queue).
    const dead = new Redis('redis://127.0.0.1:1/0', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    await new Promise((resolve) => dead.once('end', resolve));
    const metrics = new RecordingMetrics('test_cache');
    const cache = cacheFor(dead, metrics);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'from-db';
    };
    const values = await Promise.all(Array.from({ length: 10 }, () => cache.get(key('down'), load)));
    expect(values).toEqual(Array(10).fill('from-db'));
    expect(loads).toBe(1);
    expect(new Set(metrics.results)).toEqual(new Set(['error']));
    expect(metrics.redisErrors).toEqual(['get']); // one flight, one failed GET
    await cache.invalidate(key('down')); // logged and counted, never thrown
  });
});
