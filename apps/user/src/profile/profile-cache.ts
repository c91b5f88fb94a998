import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  CacheAside,
  CacheMetrics,
  LOGGER,
  REDIS,
  type CacheCodec,
  type Logger,
} from '@shop/platform';
import type { Redis } from 'ioredis';
import type { UserConfig } from '../user.config';
import { isProfileView, type ProfileView } from './profile.view';

// Versioned prefix: a change of the cached shape gets new keys instead of misreading old entries.
export const profileKey = (userId: string) => CacheAside.key('user:profile:v1', userId);

/** JSON; refuses anything that is not the shape this version writes (the entry is then reloaded). */
const profileCodec: CacheCodec<ProfileView> = {
  encode: (view) => JSON.stringify(view),
  decode: (raw) => {
    const value: unknown = JSON.parse(raw);
    if (!isProfileView(value)) throw new Error('not a v1 profile entry');
    return value;
  },
};

/**
 * A user's profile (user + addresses) through Redis, with CacheAside. An
 * unknown user is not cached as absent: ids are server-made UUIDs, so there is
 * no flood of made-up ids worth a negative entry. Metrics: `user_profile_cache_*`,
 * reads as `user_profile_cache_lookups_total{result}`.
 */
@Injectable()
export class ProfileCache {
  private readonly cache: CacheAside<ProfileView>;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: Pick<UserConfig, 'PROFILE_CACHE_TTL_SECONDS'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    const metrics = new CacheMetrics('user_profile_cache', 'lookups');
    this.cache = new CacheAside(redis, profileCodec, metrics, logger.child({ component: 'profile-cache' }), {
      ttlMs: config.PROFILE_CACHE_TTL_SECONDS * 1000, // the variable is in seconds, the cache in ms
    });
  }

  get(userId: string, load: () => Promise<ProfileView | null>): Promise<ProfileView | null> {
    return this.cache.get(profileKey(userId), load);
  }

  /** After the commit of a change to the user or their addresses (never before it). */
  invalidate(userId: string): Promise<void> {
    return this.cache.invalidate(profileKey(userId));
  }
}
