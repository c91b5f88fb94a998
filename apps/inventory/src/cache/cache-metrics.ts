import type { Counter } from '@opentelemetry/api';
import { getMeter } from '@shop/platform';

/** Bounded label values (P21): never a key or an id. */
export type CacheResult = 'hit' | 'miss' | 'negative_hit' | 'error';

/**
 * `<name>_requests_total{result}`: every read, by how the cache answered it
 * (hit ratio = hit+negative_hit over all; `error` = Redis failed, the
 * database answered). `<name>_loads_total`: database reads made by the cache,
 * i.e. what coalescing saves. `<name>_invalidations_total{outcome}`.
 */
export class CacheMetrics {
  private readonly requests: Counter;
  private readonly loads: Counter;
  private readonly invalidations: Counter;

  constructor(name: string) {
    const meter = getMeter();
    this.requests = meter.createCounter(`${name}_requests_total`, {
      description: 'Cache reads by result: hit, miss, negative_hit (cached absence), error (Redis failed)',
    });
    this.loads = meter.createCounter(`${name}_loads_total`, {
      description: 'Database reads made to fill the cache (one per coalesced miss)',
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

  invalidation(outcome: 'ok' | 'error'): void {
    this.invalidations.add(1, { outcome });
  }
}
