import type { Counter } from '@opentelemetry/api';
import { getMeter } from '../telemetry/meter';

/** Bounded label values: never a key or an id, or every user would become a time series. */
export type CacheResult = 'hit' | 'miss' | 'negative_hit' | 'error';
export type RedisOperation = 'get' | 'lease' | 'set' | 'release' | 'invalidate';

/**
 * `<name>_requests_total{result}`: every read, by how the cache answered it
 * (hit ratio = hit+negative_hit over all; `error` = Redis failed, the
 * database answered). `<name>_loads_total`: database reads made by the cache,
 * i.e. what coalescing saves. `<name>_errors_total{operation}`: failed Redis
 * calls. `<name>_invalidations_total{outcome}`.
 * `readsCounter` renames the first one where dashboards already know it by
 * another noun (the user profile's `_lookups_total`).
 */
export class CacheMetrics {
  private readonly requests: Counter;
  private readonly loads: Counter;
  private readonly errors: Counter;
  private readonly invalidations: Counter;

  constructor(name: string, readsCounter: 'requests' | 'lookups' = 'requests') {
    const meter = getMeter();
    this.requests = meter.createCounter(`${name}_${readsCounter}_total`, {
      description: 'Cache reads by result: hit, miss, negative_hit (cached absence), error (Redis failed)',
    });
    this.loads = meter.createCounter(`${name}_loads_total`, {
      description: 'Database reads made to fill the cache (one per coalesced miss)',
    });
    this.errors = meter.createCounter(`${name}_errors_total`, {
      description: 'Failed or too slow Redis calls by operation; the database answered instead',
    });
    this.invalidations = meter.createCounter(`${name}_invalidations_total`, {
      description: 'Entries deleted after a committed change, by outcome',
    });
  }

  request(result: CacheResult): void {
    this.requests.add(1, { result });
  }

  load(): void {
    this.loads.add(1);
  }

  redisError(operation: RedisOperation): void {
    this.errors.add(1, { operation });
  }

  invalidation(outcome: 'ok' | 'error'): void {
    this.invalidations.add(1, { outcome });
  }
}
