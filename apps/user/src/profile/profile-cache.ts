import type { Counter } from '@opentelemetry/api';
import { getMeter } from '@shop/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isProfileView, type ProfileView } from './profile-view';

export interface ProfileCacheOptions {
  /** Base TTL; each entry gets up to +10 % on top (P13: entries written together do not expire together). */
  readonly ttlSeconds: number;
  /**
   * How long an invalidation blocks re-filling the key: at least the longest a
   * database read that started before the write can still be running
   * (DB_STATEMENT_TIMEOUT_MS), so such a read cannot put the old value back.
   */
  readonly fenceMs: number;
  readonly logger: Logger;
  readonly random?: () => number;
}

/** TTL with jitter: `base` to `base + 10 %`, whole seconds. */
export const jitteredTtlSeconds = (base: number, random: () => number = Math.random): number =>
  base + Math.floor(base * 0.1 * random());

// `{userId}` is a hash tag: both keys of a user land in one Redis Cluster slot, as the fill script needs.
export const profileKey = (userId: string) => `user:profile:v1:{${userId}}`;
export const fenceKey = (userId: string) => `user:profile:v1:{${userId}}:fence`;

// Fill only if no invalidation happened in the last fenceMs (atomic in Redis).
const FILL_UNLESS_FENCED = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * Cache-aside for profiles in Redis (P13). Redis is an optimisation here, never
 * a dependency of correctness or availability: every failure (down, slow past
 * REDIS_COMMAND_TIMEOUT_MS, garbage in the key) is counted, logged at most once
 * per 10 s, and answered as a miss, so the read falls through to Postgres.
 *
 * Staleness: writers delete the key right after their commit AND set a short
 * fence; a reader that loaded the old row before that commit cannot write it
 * back while the fence stands (the classic "delete, then a slow reader refills
 * the stale value" race). If Redis is down during the invalidation, the entry
 * can outlive the write by at most its TTL: that bound is the design.
 */
export class ProfileCache {
  private readonly lookups: Counter;
  private readonly errors: Counter;
  private lastErrorLog = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: ProfileCacheOptions,
  ) {
    const meter = getMeter();
    // P21: bounded labels only (result, operation), never the user id.
    this.lookups = meter.createCounter('user_profile_cache_lookups_total', {
      description:
        'Profile cache lookups by result (hit, miss, error = Redis unavailable, read from Postgres)',
    });
    this.errors = meter.createCounter('user_profile_cache_errors_total', {
      description: 'Failed profile cache operations by operation (get, fill, invalidate)',
    });
  }

  async get(userId: string): Promise<ProfileView | undefined> {
    let raw: string | null;
    try {
      raw = await this.redis.get(profileKey(userId));
    } catch (error) {
      this.lookups.add(1, { result: 'error' });
      this.failed('get', error);
      return undefined;
    }
    const view = raw === null ? undefined : parse(raw);
    this.lookups.add(1, { result: view ? 'hit' : 'miss' });
    return view;
  }

  async fill(userId: string, view: ProfileView): Promise<void> {
    const ttl = jitteredTtlSeconds(this.options.ttlSeconds, this.options.random);
    try {
      await this.redis.eval(
        FILL_UNLESS_FENCED,
        2,
        profileKey(userId),
        fenceKey(userId),
        JSON.stringify(view),
        ttl,
      );
    } catch (error) {
      this.failed('fill', error);
    }
  }

  /** Call after the database transaction committed, never before (a reader could refill the old row). */
  async invalidate(userId: string): Promise<void> {
    try {
      // MULTI: the fence and the delete land together or not at all.
      const results = await this.redis
        .multi()
        .set(fenceKey(userId), '1', 'PX', this.options.fenceMs)
        .del(profileKey(userId))
        .exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (failure) throw failure;
    } catch (error) {
      this.failed('invalidate', error);
    }
  }

  private failed(operation: 'get' | 'fill' | 'invalidate', error: unknown): void {
    this.errors.add(1, { operation });
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog = now;
    this.options.logger.warn(
      { err: error, operation },
      'profile cache unavailable: serving from Postgres (degraded, counted in user_profile_cache_errors_total)',
    );
  }
}

function parse(raw: string): ProfileView | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isProfileView(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
