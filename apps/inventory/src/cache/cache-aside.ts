import { withTimeout } from '@shop/platform';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CacheMetrics, CacheResult } from './cache-metrics';
import { SingleFlight } from './single-flight';

/** How a value is stored: `null` (the thing does not exist) is cached too, as `NEGATIVE`. */
export interface CacheCodec<T> {
  encode(value: T): string;
  /** Throws on anything it does not recognise; the entry is then reloaded. */
  decode(raw: string): T;
}

export interface CacheAsideOptions {
  /** Lifetime of a value; each write adds up to `jitterRatio` of it at random. */
  readonly ttlMs: number;
  /** Lifetime of a "does not exist" entry: short, so a new record shows up soon. */
  readonly negativeTtlMs: number;
  readonly jitterRatio?: number;
  /** Budget of one Redis round trip; past it the cache is skipped (P02: the cache must never be slower than the database). */
  readonly operationTimeoutMs?: number;
  /** How long the fill lease lives (a crashed filler blocks nobody longer than this). */
  readonly leaseMs?: number;
  /** How long a caller waits for another replica's fill before reading the database itself. */
  readonly leaseWaitMs?: number;
  readonly leasePollMs?: number;
}

const NEGATIVE = '\u2205'; // "∅": cached absence (negative caching, P13)

// Writes the value only if the caller still holds the fill lease, then drops the
// lease. An invalidation deletes the lease, so a fill that read the database
// before a change committed can never write its stale value afterwards.
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
 * Cache-aside over Redis, the P13 way:
 *  - stampede: concurrent misses in this process share one flight
 *    (SingleFlight); across replicas, the first to take a short Redis lease
 *    fills the entry while the others wait briefly for it;
 *  - penetration: an unknown key is cached as NEGATIVE for a short TTL;
 *  - synchronized expiry: every TTL gets random jitter;
 *  - staleness: writers delete the entry (and the lease) after their commit;
 *    a fill only writes while it holds the lease, so it cannot resurrect an
 *    old value;
 *  - Redis down or slow: the database answers (degraded, counted as `error`).
 * Keys are `prefix:{id}` and `prefix:{id}:lease`: the hash tag keeps both in
 * one slot on a Redis Cluster, as the scripts require.
 */
export class CacheAside<T> {
  private readonly flights = new SingleFlight<Outcome<T>>();
  private readonly options: Required<CacheAsideOptions>;

  constructor(
    private readonly redis: Redis,
    private readonly codec: CacheCodec<T>,
    private readonly metrics: CacheMetrics,
    private readonly logger: Logger,
    options: CacheAsideOptions,
  ) {
    this.options = {
      jitterRatio: 0.2,
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
    return leaseKey(key);
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
        await this.bounded(this.redis.del(key, leaseKey(key)), 'invalidate');
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
        await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      }
    }
  }

  private async readThrough(key: string, load: () => Promise<T | null>): Promise<Outcome<T>> {
    let raw: string | null;
    try {
      raw = await this.bounded(this.redis.get(key), 'get');
    } catch (error) {
      return this.degraded(error, load);
    }
    if (raw === NEGATIVE) return { value: null, result: 'negative_hit' };
    if (raw !== null) {
      const decoded = this.tryDecode(key, raw);
      if (decoded !== undefined) return { value: decoded, result: 'hit' };
    }
    return { value: await this.fill(key, load), result: 'miss' };
  }

  /** A miss: load under the lease and store, or wait for the replica that holds it. */
  private async fill(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const token = randomUUID();
    let leased: boolean;
    try {
      const reply = await this.bounded(
        this.redis.set(leaseKey(key), token, 'PX', this.options.leaseMs, 'NX'),
        'lease',
      );
      leased = reply === 'OK';
    } catch (error) {
      return (await this.degraded(error, load)).value;
    }
    if (!leased) {
      const filled = await this.awaitOtherFill(key);
      // Not filled in time: read the database without writing (only the lease holder writes).
      return filled === undefined ? this.loadCounted(load) : filled;
    }
    let value: T | null;
    try {
      value = await this.loadCounted(load);
    } catch (error) {
      await this.bounded(this.redis.eval(RELEASE_LEASE, 1, leaseKey(key), token), 'release').catch(
        () => undefined,
      );
      throw error;
    }
    const encoded = value === null ? NEGATIVE : this.codec.encode(value);
    const ttl = this.jittered(value === null ? this.options.negativeTtlMs : this.options.ttlMs);
    await this.bounded(
      this.redis.eval(SET_IF_LEASE_HELD, 2, key, leaseKey(key), token, encoded, ttl),
      'set',
    ).catch((error: unknown) => this.logger.warn({ err: error, key }, 'cache write failed'));
    return value;
  }

  /** undefined: nothing appeared within the wait budget. */
  private async awaitOtherFill(key: string): Promise<T | null | undefined> {
    const deadline = Date.now() + this.options.leaseWaitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.options.leasePollMs));
      const raw = await this.bounded(this.redis.get(key), 'get').catch(() => null);
      if (raw === NEGATIVE) return null;
      if (raw !== null) {
        const decoded = this.tryDecode(key, raw);
        if (decoded !== undefined) return decoded;
      }
    }
    return undefined;
  }

  /** Redis failed or is too slow: the database answers, still coalesced by the flight. */
  private async degraded(error: unknown, load: () => Promise<T | null>): Promise<Outcome<T>> {
    this.logger.warn({ err: error }, 'cache unavailable; reading the database (degraded)');
    return { value: await this.loadCounted(load), result: 'error' };
  }

  private async loadCounted(load: () => Promise<T | null>): Promise<T | null> {
    this.metrics.load();
    return load();
  }

  private tryDecode(key: string, raw: string): T | undefined {
    try {
      return this.codec.decode(raw);
    } catch (error) {
      this.logger.warn({ err: error, key }, 'unreadable cache entry; reloading it');
      return undefined;
    }
  }

  private jittered(ttlMs: number): number {
    return Math.round(ttlMs * (1 + Math.random() * this.options.jitterRatio));
  }

  private bounded<R>(operation: Promise<R>, what: string): Promise<R> {
    return withTimeout(operation, this.options.operationTimeoutMs, `redis cache ${what}`);
  }
}

const leaseKey = (key: string) => `${key}:lease`;
