import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry } from '@shop/platform';

/**
 * Redis is only a cache here: when it is down, product reads fall back to
 * Postgres (degraded, counted in product_cache_requests_total{result="error"}).
 * Taking every replica out of rotation because the cache is gone would turn a
 * slower service into no service (P18), so the `redis` check RedisModule
 * registers is removed from readiness. Redis must still answer at start-up.
 */
@Injectable()
export class CacheReadiness implements OnApplicationBootstrap {
  constructor(private readonly health: HealthRegistry) {}

  onApplicationBootstrap(): void {
    this.health.unregister('redis');
  }
}
