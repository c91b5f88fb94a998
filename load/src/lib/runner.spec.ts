import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asyncRequest } from '../k6-modules/http.ts';
import { check, sleep } from '../k6-modules/k6.ts';
import { trendStat } from './metrics.ts';
import { run, type RunnerOptions, type Script, type ScriptOptions } from './runner.ts';
import { summarize } from './summary.ts';
import { evaluate, parseThreshold } from './thresholds.ts';

// The scheduler against a real HTTP server on loopback (test port range 22800-22899):
// `GET /work?delay=<ms>` answers {"ok":true} after the delay.
const PORT = 22810;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), delay);
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// The runner in-process, with iteration functions that call its k6 modules directly (the
// conformance suite runs real scripts through the command line and the module hooks).
const work = (delayMs: number) => async () => {
  const res = await asyncRequest('GET', `${baseUrl}/work?delay=${delayMs}`, null, {
    tags: { name: '/work' },
  });
  check(res, { 'work: ok': (r) => r.status === 200 && (r.json() as { ok?: boolean }).ok === true });
};

const scenario = (
  options: ScriptOptions,
  exec: Record<string, unknown>,
  runnerOptions: RunnerOptions = {},
): Script => ({ options, runnerOptions, ...exec });

describe('the open-model runner', () => {
  it('starts iterations at the configured arrival rate and records tagged HTTP metrics and checks', async () => {
    const result = await run(
      scenario(
        {
          scenarios: {
            fast: {
              executor: 'constant-arrival-rate',
              rate: 40,
              duration: '1s',
              preAllocatedVUs: 20,
              exec: 'fast',
            },
          },
          thresholds: { 'http_req_duration{name:/work}': ['p(95)<500'], checks: ['rate==1'] },
        },
        { fast: work(5) },
      ),
    );
    expect(result.registry.aggregate('iterations_offered').count).toBe(40);
    expect(
      result.registry.aggregate('http_reqs', {
        name: '/work',
        method: 'GET',
        status: '200',
        scenario: 'fast',
      }).count,
    ).toBe(40);
    expect(result.registry.aggregate('checks', { check: 'work: ok' }).passes).toBe(40);
    expect(result.thresholds.every((t) => t.ok && !t.noData)).toBe(true);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(950);
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it('counts time queued in the client (one connection) as latency: no coordinated omission', async () => {
    // One connection, 100 ms per response, 20 arrivals/s: the server can serve only 10/s, so
    // requests queue and the last waits about a second. A closed-loop tool would report ~100 ms.
    const result = await run(
      scenario(
        {
          scenarios: {
            slow: {
              executor: 'constant-arrival-rate',
              rate: 20,
              duration: '1s',
              preAllocatedVUs: 50,
              exec: 'slow',
            },
          },
          thresholds: { http_req_duration: ['p(99)<500'] },
        },
        { slow: work(100) },
        { connections: 1 },
      ),
    );
    const p99 = evaluate(result.registry, parseThreshold('http_req_duration', 'p(99)<500'));
    expect(p99.actual).toBeGreaterThan(800);
    expect(result.thresholds[0]).toMatchObject({ ok: false });
    expect(result.registry.aggregate('dropped_iterations').count).toBe(0);
  });

  it("adds how late an iteration started to its first request: a busy load generator's lag is latency too", async () => {
    // The event loop blocked from 20 to 320 ms: the iteration due at 100 ms starts about 220 ms late.
    setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until);
    }, 20);
    const result = await run(
      scenario(
        {
          scenarios: {
            late: {
              executor: 'constant-arrival-rate',
              rate: 10,
              duration: '200ms',
              preAllocatedVUs: 5,
              exec: 'late',
            },
          },
        },
        { late: work(1) },
      ),
    );
    const lag = trendStat(result.registry.aggregate('iteration_start_lag').histogram, 'max') ?? 0;
    const slowest = trendStat(result.registry.aggregate('http_req_duration').histogram, 'max') ?? 0;
    expect(lag).toBeGreaterThan(150);
    expect(slowest).toBeGreaterThanOrEqual(lag);
  });

  it('drops (never queues) an iteration due while every VU is busy, and counts it', async () => {
    const result = await run(
      scenario(
        {
          scenarios: {
            busy: {
              executor: 'constant-arrival-rate',
              rate: 20,
              duration: '1s',
              preAllocatedVUs: 2,
              exec: 'busy',
            },
          },
          thresholds: { dropped_iterations: ['count==0'] },
        },
        { busy: work(300) },
      ),
    );
    const dropped = result.registry.aggregate('dropped_iterations', { scenario: 'busy' }).count;
    const started = result.registry.aggregate('iterations', { scenario: 'busy' }).count;
    expect(dropped).toBeGreaterThan(10);
    expect(dropped + started).toBe(20);
    expect(result.thresholds[0]).toMatchObject({ ok: false, actual: dropped });
  });

  it('interrupts iterations still running after gracefulStop, without counting them as failures', async () => {
    const result = await run(
      scenario(
        {
          scenarios: {
            hanging: {
              executor: 'constant-arrival-rate',
              rate: 2,
              duration: '1s',
              preAllocatedVUs: 5,
              exec: 'hanging',
              gracefulStop: '200ms',
            },
          },
        },
        { hanging: work(1_500) },
      ),
    );
    expect(result.registry.aggregate('iterations_interrupted').count).toBe(2);
    // The cut requests are no samples: no status-0 request, no server error, no failed check.
    expect(result.registry.aggregate('http_reqs').count).toBe(0);
    expect(result.registry.aggregate('checks').count).toBe(0);
    expect(result.registry.aggregate('iterations').count).toBe(0);
    expect(result.errors).toEqual([]);
  });

  it('records errors thrown by iterations, and interrupts sleeping ones after gracefulStop', async () => {
    const result = await run(
      scenario(
        {
          scenarios: {
            stuck: {
              executor: 'constant-arrival-rate',
              rate: 2,
              duration: '1s',
              preAllocatedVUs: 5,
              exec: 'stuck',
              gracefulStop: '100ms',
            },
            broken: {
              executor: 'constant-arrival-rate',
              rate: 2,
              duration: '1s',
              preAllocatedVUs: 5,
              exec: 'broken',
            },
          },
        },
        {
          stuck: async () => sleep(60),
          broken: async () => {
            throw new Error('boom');
          },
        },
      ),
    );
    expect(result.registry.aggregate('iterations_interrupted', { scenario: 'stuck' }).count).toBe(2);
    expect(result.errors).toEqual([{ scenario: 'broken', message: 'boom', count: 2 }]);
    expect(result.elapsedMs).toBeLessThan(3_000);
  });

  it('stops a ramp after consecutive breached windows and reports the last rate within the thresholds', async () => {
    let calls = 0;
    const result = await run(
      scenario(
        {
          scenarios: {
            ramp: {
              executor: 'ramping-arrival-rate',
              startRate: 10,
              stages: [{ target: 100, duration: '4s' }],
              preAllocatedVUs: 100,
              exec: 'ramp',
            },
          },
          // Breaks once the handler turns slow (after 15 calls): like a system past its capacity.
          thresholds: { http_req_duration: ['p(99)<150'] },
        },
        { ramp: async () => work(++calls > 15 ? 200 : 1)() },
        { windowSeconds: 0.5, stopAfterBreachedWindows: 2 },
      ),
    );
    expect(result.stoppedEarly?.reason).toBe('2 consecutive windows breached');
    expect(result.elapsedMs).toBeLessThan(3_500);
    const summary = summarize(result, { scenario: 'ramp', baseUrl, objectives: [] });
    expect(summary.capacity?.withinSlo?.offeredPerSecond['ramp']).toBeGreaterThan(0);
    expect(summary.capacity?.firstBreach?.breached).toEqual(['http_req_duration p(99)<150']);
    expect(summary.capacity?.firstBreach?.atSeconds).toBeGreaterThan(
      summary.capacity?.withinSlo?.atSeconds ?? 99,
    );
  });

  it('refuses a scenario whose exec function does not exist', async () => {
    await expect(
      run(
        scenario(
          {
            scenarios: {
              x: {
                executor: 'constant-arrival-rate',
                rate: 1,
                duration: '1s',
                preAllocatedVUs: 1,
                exec: 'nope',
              },
            },
          },
          {},
        ),
      ),
    ).rejects.toThrow('scenario x: no exported function nope');
  });
});

describe('the closed-model executor (constant-vus, for throughput at saturation)', () => {
  it('keeps exactly `vus` iterations in flight, each starting when the previous one ended, never dropping', async () => {
    const result = await run(
      scenario(
        { scenarios: { loop: { executor: 'constant-vus', vus: 4, duration: '1s', exec: 'loop' } } },
        { loop: work(20) },
      ),
    );
    const iterations = result.registry.aggregate('iterations').count;
    // 4 VUs x 1000 ms / (20 ms + loopback overhead) each: at most 200, well above an open model's 0 here.
    expect(iterations).toBeGreaterThan(80);
    expect(iterations).toBeLessThanOrEqual(4 * 50 + 4);
    expect(result.registry.aggregate('iterations_offered').count).toBe(iterations);
    expect(result.registry.aggregate('dropped_iterations').count).toBe(0);
    expect(result.scenarios['loop']?.peakVUs).toBe(4);
    expect(result.elapsedMs).toBeLessThan(1_500);
  });
});
