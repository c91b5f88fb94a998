import { MetricRegistry, trendStat } from './metrics.ts';
import { evaluate, parseMetricKey, parseThreshold, parseThresholds } from './thresholds.ts';

/** A registry on a fake clock, so samples land in known windows. */
function registry() {
  let now = 0;
  const metrics = new MetricRegistry(1_000, () => now, 0);
  return { metrics, at: (ms: number) => (now = ms) };
}

describe('threshold syntax (k6)', () => {
  it('reads a metric with a tag filter and an aggregation expression', () => {
    expect(parseMetricKey('http_req_duration{slo:catalog-reads, method:GET}')).toEqual({
      metric: 'http_req_duration',
      filter: { slo: 'catalog-reads', method: 'GET' },
    });
    expect(parseThreshold('x', 'p(99.9) <= 250')).toMatchObject({
      aggregation: 'p(99.9)',
      operator: '<=',
      value: 250,
    });
    expect(parseThreshold('x', 'rate<0.001')).toMatchObject({
      aggregation: 'rate',
      operator: '<',
      value: 0.001,
    });
    expect(parseThresholds({ a: ['count==0', 'rate<1'] })).toHaveLength(2);
  });

  it('rejects what it cannot evaluate, naming it', () => {
    expect(() => parseThreshold('x', 'p95<200')).toThrow(/invalid threshold "p95<200"/);
    expect(() => parseMetricKey('http_req_duration{slo}')).toThrow(/invalid tag filter/);
    expect(() => parseMetricKey('bad name')).toThrow(/invalid threshold metric/);
  });
});

describe('evaluating thresholds', () => {
  it('computes trend percentiles in ms from the HDR histogram, per tag selection', () => {
    const { metrics } = registry();
    for (let ms = 1; ms <= 1_000; ms++)
      metrics.addTrend('http_req_duration', ms, { slo: 'reads', route: '/a' });
    metrics.addTrend('http_req_duration', 5_000, { slo: 'orders', route: '/b' });
    const p99 = evaluate(metrics, parseThreshold('http_req_duration{slo:reads}', 'p(99)<100'));
    expect(p99.actual).toBeCloseTo(990, -1);
    expect(p99.ok).toBe(false);
    expect(evaluate(metrics, parseThreshold('http_req_duration{slo:reads}', 'max<=1000')).ok).toBe(true);
    expect(evaluate(metrics, parseThreshold('http_req_duration', 'max<1000')).ok).toBe(false); // both series
    expect(evaluate(metrics, parseThreshold('http_req_duration{slo:reads}', 'avg<501')).actual).toBeCloseTo(
      500.5,
      0,
    );
    expect(trendStat(metrics.aggregate('http_req_duration', { route: '/b' }).histogram, 'med')).toBeCloseTo(
      5_000,
      -1,
    );
  });

  it('treats a rate as the share of true samples and a counter by count or per second', () => {
    const { metrics } = registry();
    for (let i = 0; i < 1_000; i++) metrics.addRate('http_req_server_errors', i < 2, {});
    metrics.addCounter('dropped_iterations', 3, { scenario: 'orders' });
    expect(evaluate(metrics, parseThreshold('http_req_server_errors', 'rate<0.001'))).toMatchObject({
      actual: 0.002,
      ok: false,
    });
    expect(evaluate(metrics, parseThreshold('dropped_iterations', 'count==0'))).toMatchObject({
      actual: 3,
      ok: false,
    });
    expect(
      evaluate(metrics, parseThreshold('dropped_iterations', 'rate<1'), { elapsedMs: 10_000 }).actual,
    ).toBeCloseTo(0.3);
  });

  it('passes but flags a threshold whose metric got no sample (as k6 does)', () => {
    const { metrics } = registry();
    expect(evaluate(metrics, parseThreshold('saga_duration', 'p(99)<2000'))).toEqual({
      key: 'saga_duration',
      expression: 'p(99)<2000',
      actual: undefined,
      ok: true,
      noData: true,
    });
  });

  it('refuses an aggregation the metric type does not have', () => {
    const { metrics } = registry();
    metrics.addTrend('latency', 5, {});
    expect(() => evaluate(metrics, parseThreshold('latency', 'rate<1'))).toThrow(/a trend has no rate/);
  });

  it('evaluates one time window alone (the stress test judges each window)', () => {
    const { metrics, at } = registry();
    at(500);
    for (let i = 0; i < 100; i++) metrics.addTrend('http_req_duration', 10, {});
    at(1_500);
    for (let i = 0; i < 100; i++) metrics.addTrend('http_req_duration', 400, {});
    const threshold = parseThreshold('http_req_duration', 'p(99)<100');
    expect(evaluate(metrics, threshold, { window: 0 }).ok).toBe(true);
    expect(evaluate(metrics, threshold, { window: 1 })).toMatchObject({ ok: false });
    expect(evaluate(metrics, threshold, { window: 1 }).actual).toBeCloseTo(400, -1);
    expect(metrics.windowOf()).toBe(1);
  });
});
