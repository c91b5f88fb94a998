import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { APP_CONFIG, HealthRegistry, LOGGER, REDIS } from '@shop/platform';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ClientIpResolver } from './client-ip';
import { IpRateLimitHook } from './ip-rate-limit.hook';
import type { RateLimitConfig } from './rate-limit.config';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimiter, RateLimitMetrics } from './rate-limiter';
import { RATE_LIMIT_POLICIES, rateLimitPolicies } from './rate-limit-policies';
import { RedisTokenBucket } from './token-bucket';

/**
 * Rate limiting at the edge (docs/rate-limiting.md): per IP on every request
 * (IpRateLimitHook), per user and per sensitive route after authentication
 * (RateLimitInterceptor), token buckets in Redis shared by all replicas.
 * Needs RedisModule.forRoot() in the application.
 */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_POLICIES,
      inject: [APP_CONFIG],
      useFactory: (config: RateLimitConfig) => rateLimitPolicies(config),
    },
    {
      provide: ClientIpResolver,
      inject: [APP_CONFIG],
      useFactory: (config: RateLimitConfig) => new ClientIpResolver(config.RATE_LIMIT_TRUSTED_PROXIES),
    },
    {
      provide: RateLimiter,
      inject: [REDIS, APP_CONFIG, LOGGER, HealthRegistry],
      useFactory: (redis: Redis, config: RateLimitConfig, logger: Logger, health: HealthRegistry) => {
        // The limiter fails open without Redis (rate-limiter.ts), so Redis is
        // no readiness dependency: an outage of it must not take every replica
        // out of the load balancer. Its state shows in the failed_open counter.
        health.unregister('redis');
        return new RateLimiter(
          new RedisTokenBucket(redis),
          config.RATE_LIMIT_KEY_PREFIX,
          new RateLimitMetrics(),
          logger.child({ component: 'rate-limit' }),
        );
      },
    },
    IpRateLimitHook,
    { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
  ],
})
export class RateLimitModule {}
