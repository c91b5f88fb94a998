import { useLab } from './support/lab';
import { metricSum } from './support/metrics-output';

// docs/labs/cache-stampede.md: 50 concurrent reads of a product whose cache entry was just
// deleted: all answered, one database read, every request counted by the cache.
describe('lab: cache stampede and coalescing', () => {
  const lab = useLab('cache-stampede.md');
  const counters = (stdout: string) => ({
    loads: metricSum(stdout, 'product_cache_loads_total'),
    requests: metricSum(stdout, 'product_cache_requests_total'),
    misses: metricSum(stdout, 'product_cache_requests_total', { result: 'miss' }),
  });

  it('50 concurrent misses: 50 x 200, exactly one load, 50 requests counted', async () => {
    const cold = await lab.step('cold');
    expect(cold.split('\n')[0]).toContain('"amountMinor":1500');
    const before = counters(cold);

    const burst = await lab.step('burst');
    expect(burst.split('\n')[0]?.trim()).toBe('50 200');
    const after = counters(burst);
    expect(after.loads - before.loads).toBe(1);
    expect(after.requests - before.requests).toBe(50);
    // How many misses joined the one flight depends on how the requests interleave (the lab says
    // so); that there was at least the one that loaded does not.
    expect(after.misses - before.misses).toBeGreaterThanOrEqual(1);
  });
});
