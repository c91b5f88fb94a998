import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SummaryData } from '../lib/summary-data.ts';

// The runner held to k6's documented behaviour, with real k6 scripts (fixtures/) run through its
// command line, as `make load` runs them. Each case names the k6 documentation page it follows
// (grafana.com/docs/k6/latest/...). Assertions are on counts and verdicts, never on timing alone.
const repoRoot = resolve(__dirname, '..', '..', '..');
const PORT = 22812; // test port range 22800-22899
const BASE_URL = `http://127.0.0.1:${PORT}`;
let server: Server;

beforeAll(async () => {
  // Plays the system under test: answers after ?delay= ms, with ?status=, echoing the authorization header.
  server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', BASE_URL).searchParams;
    setTimeout(
      () =>
        res
          .writeHead(Number(query.get('status') ?? 200), {
            'content-type': 'application/json',
            'x-seen-authorization': req.headers.authorization ?? '',
          })
          .end('{"ok":true}'),
      Number(query.get('delay') ?? 0),
    );
  });
  await new Promise<void>((done) => server.listen(PORT, '127.0.0.1', done));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  outDir: string;
  data: () => SummaryData;
}

/** `node load/src/cli.ts run fixtures/<script>.ts` with `env`; resolves when it exits. */
function runScript(script: string, env: Record<string, string> = {}): Promise<Outcome> {
  const outDir = mkdtempSync(join(tmpdir(), 'k6-conformance-'));
  return new Promise((done) =>
    execFile(
      process.execPath,
      ['load/src/cli.ts', 'run', `load/src/conformance/fixtures/${script}.ts`],
      { cwd: repoRoot, env: { ...process.env, BASE_URL, OUT_DIR: outDir, ...env } },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
          outDir,
          data: () => JSON.parse(readFileSync(join(outDir, 'data.json'), 'utf8')) as SummaryData,
        }),
    ),
  );
}

const count = (data: SummaryData, metric: string) => data.metrics[metric]?.values['count'] ?? 0;

describe('arrival-rate executors (using-k6/scenarios/executors/constant-arrival-rate, ramping-arrival-rate)', () => {
  it('starts `rate` iterations per timeUnit when VUs are free, and passes the run (exit 0)', async () => {
    const run = await runScript('arrival-rate', { MAX_VUS: '20', DELAY_MS: '5' });
    expect(run.code).toBe(0);
    expect(count(run.data(), 'iterations')).toBe(20);
    expect(count(run.data(), 'dropped_iterations')).toBe(0);
  }, 20_000);

  it('drops an iteration due while every VU is busy, never queues it (scenarios/concepts/dropped-iterations)', async () => {
    // 2 VUs, 300 ms per iteration, 20 due in 1 s: at most 2 x ceil(1000 / 300) start.
    const run = await runScript('arrival-rate', { MAX_VUS: '2', DELAY_MS: '300' });
    const data = run.data();
    expect(count(data, 'iterations')).toBeLessThanOrEqual(8);
    expect(count(data, 'iterations') + count(data, 'dropped_iterations')).toBe(20);
    // `dropped_iterations: ['count==0']` failed: k6's exit code for failed thresholds (using-k6/thresholds).
    expect(data.metrics['dropped_iterations']?.thresholds).toEqual({ 'count==0': { ok: false } });
    expect(run.code).toBe(99);
  }, 20_000);

  it('follows a ramp: the iterations started are the area under the rate', async () => {
    const run = await runScript('ramping-arrival-rate');
    expect(run.code).toBe(0);
    expect(count(run.data(), 'iterations')).toBeGreaterThanOrEqual(19);
    expect(count(run.data(), 'iterations')).toBeLessThanOrEqual(20);
  }, 20_000);
});

describe('the script API (javascript-api/k6, k6-http, k6-metrics, k6-execution; using-k6/test-lifecycle)', () => {
  let run: Outcome;
  let data: SummaryData;
  beforeAll(async () => {
    run = await runScript('api-subset', { GREETING: 'hello' });
    data = run.data();
  }, 30_000);

  it('runs each scenario on its own exec function, tagging its samples with the scenario', () => {
    expect(data.metrics['calls{scenario:fast}']?.values['count']).toBe(10);
    expect(data.metrics['calls{scenario:slow}']?.values['count']).toBe(4);
    expect(data.metrics['calls{scenario:fast}']?.thresholds).toEqual({ 'count==10': { ok: true } });
  });

  it('judges thresholds per tag selection: only the slow route breaks its p(95), and the run fails (99)', () => {
    expect(data.metrics['http_req_duration{name:/fast}']?.thresholds).toEqual({ 'p(95)<150': { ok: true } });
    expect(data.metrics['http_req_duration{name:/slow}']?.thresholds).toEqual({ 'p(95)<150': { ok: false } });
    expect(data.metrics['http_req_duration{name:/slow}']?.values['count']).toBe(4);
    expect(run.code).toBe(99);
  });

  it('counts each named check as a sample of the `checks` rate, under its group', () => {
    expect(data.metrics['checks{check:always true}']?.values).toMatchObject({
      rate: 1,
      passes: 14,
      fails: 0,
    });
    expect(data.metrics['checks{check:every second one}']?.values['passes']).toBe(7);
    const group = data.root_group.groups.find((g) => g.name === 'answer');
    expect(group?.checks.map((c) => [c.name, c.passes, c.fails])).toEqual(
      expect.arrayContaining([
        ['the token from setup reached the server', 14, 0],
        ['the VU is known', 14, 0],
        ['the scenario started at its startTime (Unix ms)', 14, 0],
      ]),
    );
    expect(data.root_group.checks).toEqual([]);
  });

  it('hands setup() data (built from __ENV) to every iteration, to teardown() and to handleSummary()', () => {
    // The checks above saw the token that setup() built from GREETING; teardown() would have thrown.
    expect(data.setup_data).toEqual({ token: 'token-hello' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('summary handled');
  });

  it('keeps custom Trend and Rate metrics, and sleep() suspends the iteration', () => {
    expect(data.metrics['waited']?.values['count']).toBe(4);
    expect(data.metrics['waited']?.values['avg']).toBeGreaterThanOrEqual(199);
    expect(data.metrics['even']?.values['passes']).toBe(7);
  });
});

describe('exit codes (using-k6/thresholds; k6 errext/exitcodes: 99 thresholds, 107 ScriptException)', () => {
  it('exits 107 when the script fails in its init context', async () => {
    const run = await runScript('init-error');
    expect(run.code).toBe(107);
    expect(run.stderr).toContain('broken at init');
  }, 20_000);

  it('exits 107 when setup() throws, before any iteration', async () => {
    const run = await runScript('setup-error');
    expect(run.code).toBe(107);
    expect(run.stderr).toContain('setup() threw: broken in setup');
    expect(run.stdout).not.toContain('running once');
  }, 20_000);
});

describe("the scenarios' handleSummary (k6/lib/summary.ts) on k6's summary data", () => {
  it('writes summary.json per route and the SLO table from the same data k6 would hand it', async () => {
    const run = await runScript('shop-summary');
    const summary = JSON.parse(readFileSync(join(run.outDir, 'summary.json'), 'utf8')) as {
      ok: boolean;
      routes: {
        method: string;
        route: string;
        requests: number;
        statuses: Record<string, number>;
        unavailable: number;
      }[];
      slo: { sloId: string; objectiveId: string; ok: boolean; noData: boolean }[];
    };
    const route = (key: string) => summary.routes.find((r) => `${r.method} ${r.route}` === key);
    expect(route('GET /v1/products')).toMatchObject({
      requests: 10,
      statuses: { '200': 10, other: 0 },
      unavailable: 0,
    });
    expect(route('POST /v1/orders')).toMatchObject({
      requests: 10,
      statuses: { '202': 0, other: 0 },
      unavailable: 10,
    });
    // Every request of the orders route was a 503: the availability SLO fails, and so does the run.
    expect(summary.slo.find((s) => s.sloId === 'availability')).toMatchObject({ ok: false, noData: false });
    expect(summary.slo.find((s) => s.sloId === 'login')).toMatchObject({ noData: true });
    expect(summary.ok).toBe(false);
    expect(run.code).toBe(99);
    expect(readFileSync(join(run.outDir, 'slo.md'), 'utf8')).toContain(
      '| availability | server errors < 0.1 % | `http_req_server_errors rate<0.001` | 50 % | **FAIL** |',
    );
  }, 20_000);
});
