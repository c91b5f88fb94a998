import { MetricRegistry } from './metrics.ts';
import { renderHtmlReport } from './report-html.ts';
import type { RunResult } from './runner.ts';
import type { SloObjective } from '@shop/k6/lib/slo-types.ts';
import { summarize } from './summary.ts';
import { lineChart, niceMax } from './svg-chart.ts';
import { evaluate, parseThreshold } from './thresholds.ts';

const objectives: SloObjective[] = [
  {
    sloId: 'catalog-reads',
    objectiveId: 'p99-100ms',
    title: 'p99 < 100 ms',
    metric: 'http_req_duration{slo:catalog-reads}',
    expression: 'p(99)<100',
  },
  {
    sloId: 'saga-completion',
    objectiveId: 'p99-2000ms',
    title: 'p99 < 2000 ms',
    metric: 'saga_duration',
    expression: 'p(99)<2000',
  },
  {
    sloId: 'availability',
    objectiveId: 'errors-0.1pct',
    title: 'server errors < 0.1 %',
    metric: 'http_req_server_errors',
    expression: 'rate<0.001',
  },
  {
    sloId: 'login',
    objectiveId: 'p99-500ms',
    title: 'p99 < 500 ms',
    metric: 'http_req_duration{slo:login}',
    expression: 'p(99)<500',
  },
];

/** Four seconds of a run: reads fast, then slow in the last second; one saga trend. */
function fakeRun(): RunResult {
  let now = 0;
  const registry = new MetricRegistry(1_000, () => now, 0);
  for (let second = 0; second < 4; second++) {
    now = second * 1_000 + 10;
    for (let i = 0; i < 50; i++) {
      const tags = {
        scenario: 'browse',
        method: 'GET',
        name: '/v1/products/:productId',
        status: '200',
        slo: 'catalog-reads',
      };
      registry.addTrend('http_req_duration', second === 3 ? 300 : 20, tags);
      registry.addCounter('http_reqs', 1, tags);
      registry.addRate('http_req_failed', false, tags);
      registry.addRate('http_req_server_errors', false, tags);
      registry.addRate('checks', i !== 0 || second !== 3, { scenario: 'browse', check: 'product: <200> ok' });
      registry.addCounter('iterations_offered', 1, { scenario: 'browse' });
      registry.addCounter('iterations', 1, { scenario: 'browse' });
    }
    registry.addTrend('saga_duration', 400, { scenario: 'orders', outcome: 'confirmed' });
  }
  now = 4_000;
  const thresholds = [
    parseThreshold('http_req_duration{slo:catalog-reads}', 'p(99)<100'),
    parseThreshold('http_req_duration{slo:login}', 'p(99)<500'), // no login in this run
  ];
  return {
    registry,
    thresholds: thresholds.map((t) => evaluate(registry, t, { elapsedMs: 4_000 })),
    windows: [0, 1, 2, 3].map((index) => ({
      index,
      breached: index === 3 ? ['http_req_duration{slo:catalog-reads} p(99)<100'] : [],
    })),
    scenarios: {
      browse: {
        config: {
          executor: 'ramping-arrival-rate',
          startRate: 50,
          stages: [{ target: 50, duration: '4s' }],
          preAllocatedVUs: 10,
          exec: 'browse',
        },
        startMs: 0,
        scheduleMs: 4_000,
        peakVUs: 3,
      },
    },
    startedAt: new Date('2026-01-02T03:04:05Z'),
    elapsedMs: 4_000,
    errors: [],
    setupData: undefined,
  };
}

describe('summary and HTML report', () => {
  const summary = summarize(fakeRun(), { scenario: 'load', baseUrl: 'http://127.0.0.1:8080', objectives });

  it('summarises per route, per SLO objective, per window', () => {
    expect(summary.ok).toBe(false);
    expect(summary.routes).toEqual([
      expect.objectContaining({
        method: 'GET',
        route: '/v1/products/:productId',
        slo: 'catalog-reads',
        requests: 200,
        statuses: { '200': 200 },
        perSecond: 50,
      }),
    ]);
    expect(summary.slo.map((s) => [s.sloId, s.ok, s.noData])).toEqual([
      ['catalog-reads', false, false],
      ['saga-completion', true, false],
      ['availability', true, false],
      ['login', true, true],
    ]);
    const timeline = summary.timeline.routes['GET /v1/products/:productId'];
    expect(timeline?.perSecond).toEqual([50, 50, 50, 50]);
    expect(timeline?.p99[0]).toBeCloseTo(20, 0);
    expect(timeline?.p99[3]).toBeCloseTo(300, -1);
    expect(summary.timeline.breached).toEqual([false, false, false, true]);
    expect(summary.capacity).toEqual({
      withinSlo: { atSeconds: 2, offeredPerSecond: { browse: 50 } },
      firstBreach: {
        atSeconds: 3,
        offeredPerSecond: { browse: 50 },
        breached: ['http_req_duration{slo:catalog-reads} p(99)<100'],
      },
    });
    expect(summary.checks).toEqual([{ name: 'product: <200> ok', passes: 199, fails: 1 }]);
  });

  it('capacity: one slow window early in a ramp does not set it, nor does one good window between breaches', () => {
    const breachedAt = (indexes: number[]) => (run: RunResult) => ({
      ...run,
      windows: run.windows.map((w) => ({
        index: w.index,
        breached: indexes.includes(w.index) ? ['http_req_duration{slo:catalog-reads} p(99)<100'] : [],
      })),
    });
    const capacityOf = (run: RunResult) =>
      summarize(run, { scenario: 'stress', baseUrl: 'http://127.0.0.1:8080', objectives }).capacity;
    // A blip in window 1: windows 2-3 held again, and 3 held together with 2.
    expect(capacityOf(breachedAt([1])(fakeRun()))?.withinSlo?.atSeconds).toBe(3);
    expect(capacityOf(breachedAt([1])(fakeRun()))?.firstBreach?.atSeconds).toBe(1);
    // Window 2 held alone between breaches: the capacity stays at window 0.
    expect(capacityOf(breachedAt([1, 3])(fakeRun()))?.withinSlo?.atSeconds).toBe(0);
  });

  it('renders one self-contained HTML page: verdicts, tables, inline SVG latency and throughput charts', () => {
    const html = renderHtmlReport(summary);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http/i); // nothing loaded from anywhere
    expect(html.match(/<svg /g)).toHaveLength(4); // throughput, offered, saga_duration, one route
    expect(html).toContain('GET /v1/products/:productId: latency (from scheduled start)');
    expect(html).toContain('catalog-reads p99 &lt; 100 ms'); // the SLO line on the route chart
    expect(html).toContain('product: &lt;200&gt; ok'); // escaped
    expect(html).toContain('<span class="fail">FAIL</span>');
    expect(html).toContain('<span class="nodata">no data</span>');
    expect(html).toContain('Last window within every threshold: at 2s, offered browse 50/s');
  });
});

describe('svg line chart', () => {
  it('rounds the axis up and breaks lines at missing values', () => {
    expect([niceMax(0), niceMax(7), niceMax(130), niceMax(0.3)]).toEqual([1, 10, 200, 0.5]);
    const svg = lineChart({
      title: 't',
      x: [0, 1, 2, 3],
      yUnit: 'ms',
      series: [{ name: 'a', values: [1, null, 2, 3] }],
    });
    expect(svg.match(/M/g)?.length).toBe(2); // two path segments around the gap
  });
});
