import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTimeout } from '../health/with-timeout';
import type { Logger } from '../logging/logger';
import { backoffDelayMs } from '../resilience/backoff';
import type { CacheMetrics, CacheResult, RedisOperation } from './cache-metrics';
import { SingleFlight } from './single-flight';

/** How a value is stored in Redis. */
export interface CacheCodec<T> {
  encode(value: T): string;
  /** Throws on anything it does not recognise; the entry is then reloaded. */
  decode(raw: string): T;
}

/** Every duration in milliseconds. */
export interface CacheAsideOptions {
  /** Lifetime of a value; each write adds up to `jitterRatio` of it at random. */
  readonly ttlMs: number;
  /** Lifetime of a cached "does not exist" (keep it short, so a new record shows up soon). Unset: absence is not cached. */
  readonly negativeTtlMs?: number;
  /** Default 0.1: entries written together expire spread over 10 % of their TTL, not all in the same second. */
  readonly jitterRatio?: number;
  /** Budget of one Redis round trip; past it the cache is skipped: a cache must never be slower than the database it saves. */
  readonly operationTimeoutMs?: number;
  /** How long the fill lease lives (a crashed filler blocks nobody longer than this). */
  readonly leaseMs?: number;
  /** How long a caller waits for another replica's fill before reading the database itself. */
  readonly leaseWaitMs?: number;
  readonly leasePollMs?: number;
}

/** `baseMs` plus up to `ratio` of it, at random. */
export const jitteredTtlMs = (baseMs: number, ratio: number, random: () => number = Math.random): number =>
  Math.floor(baseMs * (1 + ratio * random()));

const NEGATIVE = '\u2205'; // "∅": a cached absence
const FAILURE_LOG_INTERVAL_MS = 10_000;

// The stale-set race, and the guard against it. Reader R misses, reads the old
// row from the database, and is slow. Meanwhile writer W commits a change and
// deletes the entry. Then R stores what it read: the old row is back, for a
// whole TTL, although W invalidated it. So a fill first takes a lease (a random
// token in `<key>:lease`, SET NX) BEFORE it reads the database, and stores its
// value only if that token is still there (this script: check and set in one
// atomic step). An invalidation deletes the lease with the entry, so R's token
// is gone and its write is dropped; a reader that starts after the
// invalidation takes a new lease and stores the new row. A time-based fence
// ("no fills for N ms after a delete") only holds while every read is faster
// than N; the lease holds however slow R is, and it also lets only one replica
// fill a key.
const SET_IF_LEASE_HELD = `
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return 1
end
return 0`;
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Outcome<T> = { value: T | null; result: CacheResult };

/**
 * Cache-aside over Redis, done right:
 *  - stampede: concurrent misses in this process share one flight
 *    (SingleFlight); across replicas, the one holding the lease fills the
 *    entry while the others wait briefly for it;
 *  - penetration: with `negativeTtlMs`, an unknown key is cached as absent;
 *  - synchronized expiry: every TTL gets random jitter;
 *  - staleness: writers call invalidate() after their commit; the lease keeps
 *    a slow reader from writing an old value back (see SET_IF_LEASE_HELD);
 *  - Redis down or slow: the database answers (fail open), counted in
 *    `<name>_errors_total` and `result="error"`, logged at most every 10 s.
 * Keys are `prefix:{id}` and `prefix:{id}:lease`: the hash tag keeps both in
 * one slot on a Redis Cluster, as the scripts require.
 */
export class CacheAside<T> {
  private readonly flights = new SingleFlight<Outcome<T>>();
  private readonly options: Required<Omit<CacheAsideOptions, 'negativeTtlMs'>> & CacheAsideOptions;
  private lastFailureLog = 0;

  constructor(
    private readonly redis: Redis,
    private readonly codec: CacheCodec<T>,
    private readonly metrics: CacheMetrics,
    private readonly logger: Logger,
    options: CacheAsideOptions,
  ) {
    this.options = {
      jitterRatio: 0.1,
      operationTimeoutMs: 200,
      leaseMs: 2_000,
      leaseWaitMs: 300,
      leasePollMs: 20,
      ...options,
    };
  }

  static key(prefix: string, id: string): string {
    return `${prefix}:{${id}}`;
  }

  static leaseKey(key: string): string {
    return `${key}:lease`;
  }

  /** The value for `key`, loading it with `load` on a miss. Concurrent callers share one flight. */
  async get(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const { value, result } = await this.flights.run(key, () => this.readThrough(key, load));
    this.metrics.request(result);
    return value;
  }

  /**
   * Call after the database transaction committed (never before: a reader
   * could refill the old value in between). Deletes the entry and any fill
   * lease; callers that arrive afterwards in this process start a new flight.
   */
  async invalidate(key: string): Promise<void> {
    this.flights.forget(key);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.redisCall('invalidate', this.redis.del(key, CacheAside.leaseKey(key)));
        this.metrics.invalidation('ok');
        return;
      } catch (error) {
        if (attempt >= 3) {
          // The change is committed; the stale entry lives at most one TTL.
          this.metrics.invalidation('error');
          this.logger.error(
            { err: error, key },
            'cache invalidation failed; entry may be stale until its TTL',
          );
          return;
        }
        await sleep(backoffDelayMs(attempt, { baseMs: 50, maxMs: 100, jitter: 'equal' }));
      }
    }
  }

  private async readThrough(key: string, load: () => Promise<T | null>): Promise<Outcome<T>> {
    let raw: string | null;
    try {
      raw = await this.redisCall('get', this.redis.get(key));
    } catch {
      return { value: await this.loadCounted(load), result: 'error' };
    }
    const cached = this.decode(key, raw);
    if (cached !== undefined) return { value: cached, result: cached === null ? 'negative_hit' : 'hit' };
    return { value: await this.fill(key, load), result: 'miss' };
  }

  /** A miss: load under the lease and store, or wait for the replica that holds it. */
  private async fill(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const lease = CacheAside.leaseKey(key);
    const token = randomUUID();
    let leased: boolean;
    try {
      leased =
        (await this.redisCall('lease', this.redis.set(lease, token, 'PX', this.options.leaseMs, 'NX'))) ===
        'OK';
    } catch {
      return this.loadCounted(load);
    }
    if (!leased) {
      const filled = await this.awaitOtherFill(key);
      // Not filled in time: read the database without writing (only the lease holder writes).
      return filled === undefined ? this.loadCounted(load) : filled;
    }
    const release = () =>
      this.redisCall('release', this.redis.eval(RELEASE_LEASE, 1, lease, token)).catch(() => undefined);
    let value: T | null;
    try {
      value = await this.loadCounted(load);
    } catch (error) {
      await release(); // a failure is never cached: the next caller tries again at once
      throw error;
    }
    const ttlMs = value === null ? this.options.negativeTtlMs : this.options.ttlMs;
    if (ttlMs === undefined) {
      await release();
      return value;
    }
    const encoded = value === null ? NEGATIVE : this.codec.encode(value);
    const ttl = jitteredTtlMs(ttlMs, this.options.jitterRatio);
    await this.redisCall('set', this.redis.eval(SET_IF_LEASE_HELD, 2, key, lease, token, encoded, ttl)).catch(
      () => undefined,
    );
    return value;
  }

  /** undefined: nothing appeared within the wait budget. */
  private async awaitOtherFill(key: string): Promise<T | null | undefined> {
    const deadline = Date.now() + this.options.leaseWaitMs;
    while (Date.now() < deadline) {
      await sleep(this.options.leasePollMs);
      const cached = this.decode(key, await this.redisCall('get', this.redis.get(key)).catch(() => null));
      if (cached !== undefined) return cached;
    }
    return undefined;
  }

  private async loadCounted(load: () => Promise<T | null>): Promise<T | null> {
    this.metrics.load();
    return load();
  }

  /** null: a cached absence; undefined: nothing usable (missing or unreadable: reload it). */
  private decode(key: string, raw: string | null): T | null | undefined {
    if (raw === null) return undefined;
    if (raw === NEGATIVE) return null;
    try {
      return this.codec.decode(raw);
    } catch (error) {
      this.logger.warn({ err: error, key }, 'unreadable cache entry; reloading it');
      return undefined;
    }
  }

  /** Every Redis call: bounded in time; a failure is counted, logged at most every 10 s, and rethrown. */
  private async redisCall<R>(operation: RedisOperation, call: Promise<R>): Promise<R> {
    try {
      return await withTimeout(call, this.options.operationTimeoutMs, `redis cache ${operation}`);
    } catch (error) {
      this.metrics.redisError(operation);
      const now = Date.now();
      if (now - this.lastFailureLog >= FAILURE_LOG_INTERVAL_MS) {
        this.lastFailureLog = now;
        this.logger.warn({ err: error, operation }, 'cache unavailable; reading the database (degraded)');
      }
      throw error;
    }
  }
}
