import type { Provider } from '@nestjs/common';
import { APP_CONFIG, HealthRegistry, LOGGER, REDIS } from '@shop/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { UserConfig } from '../user.config';
import { ProfileCache } from './profile-cache';

export const PROFILE_CACHE = Symbol('PROFILE_CACHE');

/** Margin over the statement timeout for the invalidation fence. */
const FENCE_MARGIN_MS = 1_000;

export const profileCacheProvider: Provider = {
  provide: PROFILE_CACHE,
  inject: [REDIS, APP_CONFIG, LOGGER, HealthRegistry],
  useFactory: (redis: Redis, config: UserConfig, logger: Logger, health: HealthRegistry) => {
    // P18: for this service Redis is only a cache, and reads fall back to
    // Postgres without it. Readiness must not fail with it, or a Redis outage
    // would take every replica out of the load balancer: an outage made from a
    // degradation. Its state is visible in user_profile_cache_errors_total instead.
    health.unregister('redis');
    return new ProfileCache(redis, {
      ttlSeconds: config.PROFILE_CACHE_TTL_SECONDS,
      fenceMs: config.DB_STATEMENT_TIMEOUT_MS + FENCE_MARGIN_MS,
      logger: logger.child({ component: 'profile-cache' }),
    });
  },
};
