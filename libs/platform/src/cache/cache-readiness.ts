import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry } from '../health/health-registry';

/**
 * For a service that uses Redis only as a cache (CacheAside): when Redis is
 * down, reads fall back to the database (degraded, counted as
 * `result="error"`). Taking every replica out of rotation because the cache is
 * gone would turn a slower service into no service, so the `redis` check
 * RedisModule registers is removed from readiness. Redis must still answer at
 * start-up.
 */
@Injectable()
export class CacheReadiness implements OnApplicationBootstrap {
  constructor(private readonly health: HealthRegistry) {}

  onApplicationBootstrap(): void {
    this.health.unregister('redis');
  }
}
