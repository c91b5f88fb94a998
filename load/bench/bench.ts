// `make bench` (issue #5, "Benchmarks"): figures, not pass/fail. With the same load driver
// (load/src) and the same machine for each pair, against the system `make up` started:
//   1. read path: GET /v1/products/{id} through the gateway (a cache hit) vs a plain node:http
//      server doing the same Redis GET (servers/read-baseline.ts): throughput at saturation
//      (closed loop) and p50/p99 at one fixed rate (open model), and the ratios;
//   2. order path: the highest offered rate whose confirmed orders stay within the SLO
//      (load/slo.yaml: POST p99, saga completion p99, server errors), found by a ladder and a
//      bisection (lib/saturation.ts), vs a monolith baseline (servers/monolith.ts), and the ratio;
//   3. hop costs: a gRPC round trip (grpc-js client -> inventory), the outbox relay's lag
//      (outbox.created_at -> the consumer's inbox.received_at) and the saga's per-step times
//      (saga_step_history) of the orders of the best order probe;
// plus the evidence of what limits each figure: CPU per process (/proc), event-loop delay
// (/metrics) and a CPU profile of the hottest service during an order probe.
//   node --import ./load/src/k6-modules/register.ts load/bench/bench.ts [--out results/<stamp>-bench]
//   (scripts/load/bench.sh: make bench). The import makes the k6 scripts' lib loadable: the bench
//   seeds and builds orders with k6/lib, exactly as the scenarios do.
// Knobs: BENCH_PARTS=read,orders,monolith,hops,profile  BENCH_POINT_SECONDS=15  BENCH_READ_VUS=64
// BENCH_READ_RATE (default: half the gateway's saturation)  BENCH_ORDER_START=10
// BENCH_ORDER_MAX=400  BENCH_ORDER_PROBES=6  BENCH_DRAIN_SECONDS=10  BENCH_WARMUP_SECONDS=10  BASE_URL
// BENCH_PROFILE_APP (default: the hottest app of the best order probe)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import { APPROVED_CARD, orderLines } from '@shop/k6/lib/orders.ts';
import { pick, uuid } from '@shop/k6/lib/random.ts';
import { seedShop, type ShopData } from '@shop/k6/lib/seed.ts';
import { SLO_THRESHOLDS } from '@shop/k6/lib/slo-thresholds.ts';
import { asyncRequest, expectedStatuses } from '../src/k6-modules/http.ts';
import { check } from '../src/k6-modules/k6.ts';
import type { ScenarioConfig } from '../src/lib/executors.ts';
import { trendStat } from '../src/lib/metrics.ts';
import { run, type RunResult } from '../src/lib/runner.ts';
import { hotSpots, profileProcess } from './lib/cpu-profile.ts';
import {
  createMonolithDatabase,
  databaseUrl,
  dropMonolithDatabase,
  MONOLITH_DB,
  orderOutcomes,
  relayTimestamps,
  sagaHistory,
} from './lib/databases.ts';
import { measureGrpcHops, protoRootOf } from './lib/grpc-hop.ts';
import {
  cpuBetween,
  eventLoopMetrics,
  localGrouper,
  pipelineBetween,
  pipelineCounters,
  snapshotCpu,
  startNode,
  stopChild,
} from './lib/processes.ts';
import {
  renderChart,
  renderMarkdown,
  type BenchResult,
  type OrderPath,
  type OrderProbe,
  type ReadRun,
} from './lib/report.ts';
import { bestHeld, nextRate, type SearchOptions } from './lib/saturation.ts';
import { distribution, groupBy, relayLags, sagaStepDurations } from './lib/stats.ts';

// Run as `node load/bench/bench.ts` (no import.meta: the workspace typecheck is CommonJS, like cli.ts).
const benchRoot = dirname(resolve(process.argv[1] ?? 'load/bench/bench.ts'));
const repoRoot = resolve(benchRoot, '..', '..');
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const BASE_URL = process.env['BASE_URL'] || 'http://127.0.0.1:8080';
const PARTS = new Set((process.env['BENCH_PARTS'] || 'read,orders,monolith,hops,profile').split(','));
const POINT_SECONDS = num('BENCH_POINT_SECONDS', 15);
const READ_VUS = num('BENCH_READ_VUS', 64);
const PROFILE_APP = process.env['BENCH_PROFILE_APP'] || undefined;
const DRAIN_SECONDS = num('BENCH_DRAIN_SECONDS', 10);
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 10);
const RECOVER_SECONDS = num('BENCH_RECOVER_SECONDS', 60);
const READ_BASELINE_PORT = 22850;
const MONOLITH_PORT = 22851;
const MONOLITH_TOPIC = 'bench.monolith.orders.v1';
/** Each app's admin port (/metrics), from its local-mode settings: deploy/local/<app>.env. */
const ADMIN_PORTS: Record<string, number> = Object.fromEntries(
  readdirSync(join(repoRoot, 'deploy', 'local'))
    .filter((file) => file.endsWith('.env') && file !== 'services.env')
    .map((file) => [
      file.slice(0, -'.env'.length),
      Number(/^ADMIN_PORT=(\d+)$/m.exec(readFileSync(join(repoRoot, 'deploy', 'local', file), 'utf8'))?.[1]),
    ])
    .filter(([, port]) => Number.isInteger(port) && (port as number) > 0),
);
const search: SearchOptions = {
  start: num('BENCH_ORDER_START', 10),
  factor: 2,
  max: num('BENCH_ORDER_MAX', 400),
  min: 1,
  maxProbes: num('BENCH_ORDER_PROBES', 6),
  resolution: 0.15,
};

/** The SLO's numbers, from the generated thresholds (load/slo.yaml is the one source). */
const thresholdValue = (key: string, stat: RegExp): number => {
  const expression = SLO_THRESHOLDS.thresholds[key]?.find((e) => stat.test(e));
  const value = Number(expression?.split('<')[1]);
  if (!Number.isFinite(value)) throw new Error(`no ${stat} threshold for ${key} in load/slo.yaml`);
  return value;
};
const SLO = {
  placeOrderP99Ms: thresholdValue('http_req_duration{slo:place-order}', /^p\(99\)</),
  sagaP99Ms: thresholdValue('saga_duration', /^p\(99\)</),
  serverErrorRate: thresholdValue('http_req_server_errors', /^rate</),
};

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const startedAt = new Date();
const stamp = startedAt
  .toISOString()
  .replace(/[:.]/g, '-')
  .replace(/-\d{3}Z$/, 'Z');
const outDir = resolve(args.out ?? join(repoRoot, 'results', `${stamp}-bench`));
const print = (line: string) => process.stdout.write(`${line}\n`);
const clock = () => `${Math.round((performance.now() - benchStart) / 1000)}s`.padStart(5);
const log = (line: string) => print(`[bench ${clock()}] ${line}`);
const benchStart = performance.now();
const grouper = (extra: Record<number, string> = {}) =>
  localGrouper(join(repoRoot, '.local', 'pids'), { [process.pid]: 'load driver', ...extra });

// ---------------------------------------------------------------------------------------------
// Driving the runner programmatically: one scenario, one iteration function (a closure over what
// it needs: the bench shares state between iterations, which a k6 script's setup data cannot).

async function drive(config: ScenarioConfig, iteration: () => Promise<void>): Promise<RunResult> {
  return run({
    options: { scenarios: { bench: { ...config, exec: 'iteration' } } },
    runnerOptions: { connections: 256, windowSeconds: 5 },
    iteration,
  });
}

/** One request as the bench sends it: a 5-second deadline, tagged by route. */
const request = (
  method: string,
  url: string,
  route: string,
  expected: number,
  body?: unknown,
  headers = {},
) =>
  asyncRequest(method, url, body === undefined ? null : JSON.stringify(body), {
    headers: { 'content-type': 'application/json', ...headers },
    tags: { name: route },
    timeout: '5s',
    responseCallback: expectedStatuses(expected),
  });

const p = (result: RunResult, stat: string, filter = {}) => {
  const value = trendStat(result.registry.aggregate('http_req_duration', filter).histogram, stat);
  return value === undefined ? null : Math.round(value * 10) / 10;
};
const count = (result: RunResult, metric: string, filter = {}) =>
  result.registry.aggregate(metric, filter).count;

/** The scenarios' own setup (k6/lib/seed.ts), run as the runner runs a script's setup(). */
async function seed(): Promise<ShopData> {
  let shop: ShopData | undefined;
  await run({
    options: {
      scenarios: { none: { executor: 'constant-arrival-rate', rate: 0, duration: '0s', preAllocatedVUs: 1 } },
    },
    setup: async () => (shop = await seedShop({ expectedOrders: 40_000 })),
    default: async () => undefined,
  });
  if (!shop) throw new Error('seeding produced nothing');
  return shop;
}

// ---------------------------------------------------------------------------------------------
// 1. Read path

async function readPath(shop: ShopData): Promise<BenchResult['read']> {
  const product = shop.products[0];
  if (!product) throw new Error('no product seeded');
  const path = `/v1/products/${product.productId}`;
  // A cache hit needs the entry in Redis for the whole run, but it lives PRODUCT_CACHE_TTL_SECONDS
  // (300 s) from its fill and a hit does not extend it. So before each run: drop it (what a writer
  // does after a change) and read it through the gateway once, which refills it for 300 s.
  const redis = new Redis(process.env['REDIS_URL'] || 'redis://127.0.0.1:6379/0', {
    maxRetriesPerRequest: 1,
  });
  const warm = async () => {
    await redis.del(`inventory:v1:product:{${product.productId}}`);
    const res = await fetch(`${BASE_URL}${path}`);
    if (res.status !== 200) throw new Error(`GET ${path} through the gateway answered ${res.status}`);
  };
  const read = (baseUrl: string) => async () => {
    const res = await request('GET', `${baseUrl}${path}`, '/v1/products/:productId', 200);
    check(res, {
      'the product': (r) =>
        r.status === 200 && (r.json() as { productId?: string }).productId === product.productId,
    });
  };
  log(`read path: starting the baseline on 127.0.0.1:${READ_BASELINE_PORT}`);
  const baselineUrl = `http://127.0.0.1:${READ_BASELINE_PORT}`;
  const baseline = await startNode(
    join(benchRoot, 'servers', 'read-baseline.ts'),
    {
      BENCH_READ_BASELINE_PORT: String(READ_BASELINE_PORT),
      REDIS_URL: process.env['REDIS_URL'] || 'redis://127.0.0.1:6379/0',
    },
    async () => (await fetch(`${baselineUrl}/v1/products/x`)).status === 404,
    (line) => log(`  baseline: ${line}`),
  );
  const runs: ReadRun[] = [];
  const measure = async (target: 'gateway' | 'baseline', mode: ReadRun['mode'], vusOrRate: number) => {
    await warm(); // the entry lives PRODUCT_CACHE_TTL_SECONDS: refill it before each run
    const config: ScenarioConfig =
      mode === 'saturation (closed loop)'
        ? { executor: 'constant-vus', vus: vusOrRate, duration: `${POINT_SECONDS}s` }
        : {
            executor: 'constant-arrival-rate',
            rate: vusOrRate,
            duration: `${POINT_SECONDS}s`,
            preAllocatedVUs: 512,
          };
    const group = grouper({ [baseline.pid ?? -1]: 'read baseline' });
    const before = snapshotCpu(group);
    const result = await drive(config, read(target === 'gateway' ? BASE_URL : baselineUrl));
    const cpu = cpuBetween(before, snapshotCpu(group));
    const failed = count(result, 'checks') - result.registry.aggregate('checks').passes;
    const entry: ReadRun = {
      target,
      mode,
      vusOrRate,
      requestsPerSecond: Math.round(count(result, 'http_reqs', { status: '200' }) / POINT_SECONDS),
      latencyMs: { p50: p(result, 'med'), p99: p(result, 'p(99)') },
      failed,
      dropped: count(result, 'dropped_iterations'),
      cpu: cpu.perGroup,
      machineBusyPercent: cpu.machineBusyPercent,
    };
    runs.push(entry);
    log(
      `  ${target} ${mode} ${vusOrRate}: ${entry.requestsPerSecond} req/s, p50 ${entry.latencyMs.p50} ms, p99 ${entry.latencyMs.p99} ms, ${entry.failed} failed, ${entry.dropped} dropped; machine ${cpu.machineBusyPercent} % busy`,
    );
    return entry;
  };
  try {
    // Warm-up, not measured: a freshly started gateway is still compiling its hot paths (JIT).
    log(`read path: warm-up, ${WARMUP_SECONDS / 2} s closed loop on each target (not measured)`);
    await warm();
    for (const url of [BASE_URL, baselineUrl])
      await drive({ executor: 'constant-vus', vus: READ_VUS, duration: `${WARMUP_SECONDS / 2}s` }, read(url));
    log(`read path: saturation, closed loop of ${READ_VUS} VUs, ${POINT_SECONDS} s each`);
    const gateway = await measure('gateway', 'saturation (closed loop)', READ_VUS);
    const minimal = await measure('baseline', 'saturation (closed loop)', READ_VUS);
    const rate = num('BENCH_READ_RATE', Math.max(50, Math.round(gateway.requestsPerSecond / 2 / 50) * 50));
    log(`read path: fixed rate ${rate}/s (open model), ${POINT_SECONDS} s each`);
    const gatewayFixed = await measure('gateway', 'fixed rate (open model)', rate);
    const minimalFixed = await measure('baseline', 'fixed rate (open model)', rate);
    const ratio = (a: number | null, b: number | null) => (a && b ? Math.round((a / b) * 100) / 100 : null);
    return {
      runs,
      saturationRatio: ratio(gateway.requestsPerSecond, minimal.requestsPerSecond),
      fixedRateP99Ratio: ratio(gatewayFixed.latencyMs.p99, minimalFixed.latencyMs.p99),
    };
  } finally {
    redis.disconnect();
    await stopChild(baseline);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Order path

interface OrderData {
  shop: ShopData;
  monolithCustomers: string[];
  placed: string[];
}

/** One order, placed as the scenarios place it (k6/lib/orders.ts lines and test card); its id kept. */
const placeOrder = (data: OrderData, url: string, headers: () => Record<string, string>) => async () => {
  const res = await request(
    'POST',
    url,
    '/v1/orders',
    202,
    { lines: orderLines(data.shop), paymentMethodToken: APPROVED_CARD },
    headers(),
  );
  const id = res.status === 202 ? (JSON.parse(res.body) as { orderId?: string }).orderId : undefined;
  if (id) data.placed.push(id);
};

const placeThroughGateway = (data: OrderData) =>
  placeOrder(data, `${BASE_URL}/v1/orders`, () => ({
    authorization: `Bearer ${pick(data.shop.customers).accessToken}`,
    'idempotency-key': `"${uuid()}"`,
  }));

const placeInMonolith = (data: OrderData) =>
  placeOrder(data, `http://127.0.0.1:${MONOLITH_PORT}/v1/orders`, () => ({
    'x-customer-id': pick(data.monolithCustomers),
    'idempotency-key': uuid(),
  }));

interface ProbeWindow {
  from: number;
  to: number;
  placed: string[];
}

async function orderProbe(
  system: OrderPath['system'],
  rate: number,
  data: Omit<OrderData, 'placed'>,
  extraGroups: Record<number, string>,
): Promise<{ probe: OrderProbe; window: ProbeWindow; eventLoop: Record<string, Record<string, number>> }> {
  const placed: string[] = [];
  const group = grouper(extraGroups);
  const from = Date.now();
  const admins =
    system === 'microservices' ? Object.values(ADMIN_PORTS).map((port) => `http://127.0.0.1:${port}`) : [];
  const countersBefore = await pipelineCounters(admins);
  const before = snapshotCpu(group);
  const result = await drive(
    {
      executor: 'constant-arrival-rate',
      rate,
      duration: `${POINT_SECONDS}s`,
      preAllocatedVUs: 1_000,
      gracefulStop: '10s',
    },
    (system === 'microservices' ? placeThroughGateway : placeInMonolith)({ ...data, placed }),
  );
  const cpu = cpuBetween(before, snapshotCpu(group));
  const pipeline = pipelineBetween(
    countersBefore,
    await pipelineCounters(admins),
    (Date.now() - from) / 1000,
  );
  const eventLoop: Record<string, Record<string, number>> = {};
  if (system === 'microservices')
    for (const [app, port] of Object.entries(ADMIN_PORTS))
      eventLoop[app] = await eventLoopMetrics(`http://127.0.0.1:${port}`);

  // Drain: sagas still running get DRAIN_SECONDS to finish; those that do not count as too slow.
  const [database, table] =
    system === 'microservices' ? ['order_db', 'orders'] : [MONOLITH_DB, 'order_ctx.orders'];
  let outcomes = await orderOutcomes(database, table, placed);
  for (const deadline = performance.now() + DRAIN_SECONDS * 1000; performance.now() < deadline;) {
    if (outcomes.every((o) => o.status !== 'PENDING')) break;
    await sleep(500);
    outcomes = await orderOutcomes(database, table, placed);
  }
  const finished = outcomes.filter((o) => o.status !== 'PENDING');
  // Recovery, not measured: a broken probe leaves a backlog of sagas (and Kafka messages) that
  // would slow the next probe down. Wait until every order of this one ended (bounded).
  if (finished.length < placed.length) {
    const waitStart = performance.now();
    for (const deadline = waitStart + RECOVER_SECONDS * 1000; performance.now() < deadline;) {
      await sleep(1_000);
      if ((await orderOutcomes(database, table, placed)).every((o) => o.status !== 'PENDING')) break;
    }
    log(
      `  (recovery: waited ${Math.round((performance.now() - waitStart) / 1000)} s for the backlog to drain)`,
    );
  }
  const sagaValues = [
    ...finished.map((o) => o.updatedAt - o.createdAt),
    ...Array.from({ length: placed.length - finished.length }, () => Number.POSITIVE_INFINITY),
  ];
  const saga = distribution(sagaValues);
  const offered = count(result, 'iterations_offered');
  const accepted = placed.length;
  const confirmed = outcomes.filter((o) => o.status === 'CONFIRMED').length;
  const serverErrors = result.registry.aggregate('http_req_server_errors');
  const serverErrorRate = serverErrors.count === 0 ? 0 : serverErrors.passes / serverErrors.count;
  const postMs = distributionOf(result);
  const dropped = count(result, 'dropped_iterations');
  const breaches: string[] = [];
  if ((postMs.p99 ?? Infinity) >= SLO.placeOrderP99Ms) breaches.push(`POST p99 ${postMs.p99} ms`);
  if ((saga.p99 ?? Infinity) >= SLO.sagaP99Ms)
    breaches.push(`saga p99 ${Number.isFinite(saga.p99) ? `${saga.p99} ms` : 'unfinished'}`);
  if (serverErrorRate >= SLO.serverErrorRate) breaches.push(`5xx ${(serverErrorRate * 100).toFixed(2)} %`);
  if (dropped > 0) breaches.push(`${dropped} dropped`);
  if (confirmed < accepted * 0.99 || accepted < offered * 0.99)
    breaches.push(`${confirmed} confirmed of ${offered} offered`);
  const probe: OrderProbe = {
    rate,
    ok: breaches.length === 0,
    breaches,
    offered,
    accepted,
    dropped,
    serverErrorRate: Math.round(serverErrorRate * 10000) / 10000,
    postMs,
    confirmed,
    confirmedPerSecond: Math.round((confirmed / POINT_SECONDS) * 10) / 10,
    unfinished: placed.length - finished.length,
    sagaMs: {
      ...saga,
      p99: Number.isFinite(saga.p99) ? saga.p99 : null,
      max: Number.isFinite(saga.max) ? saga.max : null,
      mean: Number.isFinite(saga.mean) ? saga.mean : null,
    },
    cpu: cpu.perGroup,
    machineBusyPercent: cpu.machineBusyPercent,
    pipeline,
  };
  log(
    `  ${system} ${rate}/s: ${probe.ok ? 'HELD' : 'broke'}; ${confirmed} confirmed (${probe.confirmedPerSecond}/s), POST p99 ${postMs.p99} ms, saga p50 ${saga.p50} / p99 ${probe.sagaMs.p99 ?? 'unfinished'} ms${breaches.length ? ` (${breaches.join('; ')})` : ''}; machine ${cpu.machineBusyPercent} % busy; top CPU ${Object.entries(
      cpu.perGroup,
    )
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v} %`)
      .join(', ')}`,
  );
  return { probe, window: { from, to: Date.now(), placed }, eventLoop };
}

function distributionOf(result: RunResult) {
  const histogram = result.registry.aggregate('http_req_duration').histogram;
  const stat = (s: string) => {
    const v = trendStat(histogram, s);
    return v === undefined ? null : Math.round(v * 10) / 10;
  };
  return {
    count: count(result, 'http_reqs'),
    p50: stat('med'),
    p95: stat('p(95)'),
    p99: stat('p(99)'),
    max: stat('max'),
    mean: stat('avg'),
  };
}

async function searchOrders(
  system: OrderPath['system'],
  data: Omit<OrderData, 'placed'>,
  extraGroups: Record<number, string> = {},
) {
  const probes: OrderProbe[] = [];
  const windows = new Map<number, ProbeWindow>();
  const loops = new Map<number, Record<string, Record<string, number>>>();
  // Warm-up, not measured: JIT, connection pools, Kafka consumer fetch sessions and the caches of a
  // freshly started process would otherwise make the first probe look worse than the system is.
  log(
    `order path, ${system}: warm-up, ${WARMUP_SECONDS} s at ${Math.max(1, search.start / 2)}/s (not measured)`,
  );
  await drive(
    {
      executor: 'constant-arrival-rate',
      rate: Math.max(1, search.start / 2),
      duration: `${WARMUP_SECONDS}s`,
      preAllocatedVUs: 200,
      gracefulStop: '5s',
    },
    (system === 'microservices' ? placeThroughGateway : placeInMonolith)({ ...data, placed: [] }),
  );
  await sleep(3_000); // let the warm-up's sagas finish before the first probe
  log(
    `order path, ${system}: ladder x${search.factor} from ${search.start}/s, ${POINT_SECONDS} s per probe, at most ${search.maxProbes} probes`,
  );
  for (let rate = nextRate(probes, search); rate !== undefined; rate = nextRate(probes, search)) {
    const { probe, window, eventLoop } = await orderProbe(system, rate, data, extraGroups);
    probes.push(probe);
    windows.set(rate, window);
    loops.set(rate, eventLoop);
  }
  const best = bestHeld(probes) as OrderProbe | undefined;
  log(
    `order path, ${system}: best within the SLO ${best ? `${best.confirmedPerSecond} confirmed/s at ${best.rate}/s offered` : 'none'}`,
  );
  return { path: { system, probes, best } satisfies OrderPath, windows, loops };
}

// ---------------------------------------------------------------------------------------------
// 3. Hop costs from the database timestamps of one probe's orders

async function hopBreakdown(window: ProbeWindow) {
  const { outbox, inbox } = await relayTimestamps(window.from, window.to);
  const lags = relayLags(outbox, inbox);
  const pairs = groupBy(
    lags,
    (l) => `${l.source} -> ${l.consumer}`,
    (l) => l.lagMs,
  );
  const steps = sagaStepDurations(await sagaHistory(window.placed));
  return {
    relayLagAll: distribution(lags.map((l) => l.lagMs)),
    relayLag: [...pairs.entries()].map(([pair, values]) => ({ pair, lagMs: distribution(values) })),
    sagaSteps: [...steps.entries()].map(([step, values]) => ({ step, ms: distribution(values) })),
  };
}

function pidOf(app: string): number | undefined {
  try {
    return Number(readFileSync(join(repoRoot, '.local', 'pids', `${app}.pid`), 'utf8').trim());
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadAverageAtStart: loadavg()
      .map((v) => v.toFixed(2))
      .join(' '),
  };
  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    machine,
    settings: {
      baseUrl: BASE_URL,
      parts: [...PARTS].join(','),
      pointSeconds: POINT_SECONDS,
      readVUs: READ_VUS,
      drainSeconds: DRAIN_SECONDS,
      tracesSamplerRatio: tracingRatio(),
    },
    slo: SLO,
    orders: [],
    orderRatio: null,
    errors: [],
  };
  log(`machine: ${JSON.stringify(machine)}; results -> ${outDir}`);
  const health = await fetch(`${BASE_URL}/v1/products?limit=1`).catch(() => undefined);
  if (health?.status !== 200)
    throw new Error(`${BASE_URL} does not answer: start the system first (make up)`);
  log('seeding products and customers through the admin API ...');
  const shop = await seed();
  const save = () => {
    result.durationSeconds = (performance.now() - benchStart) / 1000;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(outDir, 'bench.md'), renderMarkdown(result));
  };
  const attempt = async (part: string, work: () => Promise<void>) => {
    if (!PARTS.has(part)) return;
    try {
      await work();
    } catch (error) {
      const message = `${part}: ${error instanceof Error ? error.message : String(error)}`;
      result.errors.push(message);
      log(`ERROR ${message}`);
    }
    save();
  };

  await attempt('read', async () => {
    result.read = await readPath(shop);
  });

  let micro: Awaited<ReturnType<typeof searchOrders>> | undefined;
  await attempt('orders', async () => {
    micro = await searchOrders('microservices', { shop, monolithCustomers: [] });
    result.orders.push(micro.path);
    const best = micro.path.best;
    if (best) result.eventLoop = micro.loops.get(best.rate);
  });

  await attempt('hops', async () => {
    const product = shop.products[0]?.productId ?? '';
    log('hop costs: gRPC round trips to inventory (127.0.0.1:20053), 200/s for 10 s each');
    const grpc = await measureGrpcHops({
      protoRoot: protoRootOf(repoRoot),
      address: process.env['INVENTORY_GRPC_URL'] || '127.0.0.1:20053',
      productId: product,
      ratePerSecond: 200,
      durationSeconds: 10,
      log,
    });
    const best = micro?.path.best ?? micro?.path.probes[0];
    const window = best ? micro?.windows.get(best.rate) : undefined;
    const breakdown = window ? await hopBreakdown(window) : undefined;
    // The relay's lag at every probe: it is a different figure at 40 % and at 95 % CPU.
    const relayLagByRate: NonNullable<BenchResult['hops']>['relayLagByRate'] = [];
    for (const [rate, probeWindow] of [...(micro?.windows.entries() ?? [])].sort((a, b) => a[0] - b[0])) {
      const { relayLagAll } = await hopBreakdown(probeWindow);
      relayLagByRate.push({ rate, lagMs: relayLagAll });
    }
    result.hops = { grpc, relayLag: [], sagaSteps: [], ...breakdown, fromProbe: best?.rate, relayLagByRate };
    if (breakdown)
      log(
        `  relay lag (outbox -> consumer handler) p50 ${breakdown.relayLagAll.p50} / p99 ${breakdown.relayLagAll.p99} ms over ${breakdown.relayLagAll.count} events; saga steps: ${breakdown.sagaSteps.map((s) => `${s.step} p50 ${s.ms.p50} / p99 ${s.ms.p99}`).join(', ')}`,
      );
  });

  await attempt('profile', async () => {
    const best = micro?.path.best;
    if (!best?.cpu) throw new Error('no order probe held: nothing to profile at');
    const app = PROFILE_APP ?? Object.keys(best.cpu).find((name) => name in ADMIN_PORTS);
    const pid = app ? pidOf(app) : undefined;
    if (!app || !pid) throw new Error('no app process found in .local/pids');
    const file = join(outDir, `${app}.cpuprofile`);
    mkdirSync(outDir, { recursive: true });
    log(
      `profile: ${app} (pid ${pid}, ${PROFILE_APP ? 'chosen' : 'the hottest service'} at ${best.rate}/s) during another ${POINT_SECONDS} s probe`,
    );
    const [profile] = await Promise.all([
      profileProcess(pid, (POINT_SECONDS - 2) * 1000, file),
      orderProbe('microservices', best.rate, { shop, monolithCustomers: [] }, {}),
    ]);
    const spots = hotSpots(profile);
    result.profile = { app, rate: best.rate, ...spots, file: file.replace(`${repoRoot}/`, '') };
    log(
      `  top self time: ${spots.functions
        .slice(0, 6)
        .map((f) => `${f.name} (${f.where}) ${f.selfPercent} %`)
        .join('; ')}`,
    );
  });

  await attempt('monolith', async () => {
    log("order path, monolith: copying the services' schemas into bench_monolith_db (pg_dump --schema-only)");
    await createMonolithDatabase(
      shop.products.map((pr) => pr.productId),
      1_000_000,
    );
    let monolith;
    try {
      monolith = await startNode(
        join(benchRoot, 'servers', 'monolith.ts'),
        {
          BENCH_MONOLITH_PORT: String(MONOLITH_PORT),
          BENCH_MONOLITH_DATABASE_URL: databaseUrl(MONOLITH_DB),
          BENCH_MONOLITH_TOPIC: MONOLITH_TOPIC,
        },
        async () => (await fetch(`http://127.0.0.1:${MONOLITH_PORT}/stats`)).status === 200,
        (line) => log(`  monolith: ${line}`),
      );
      const customers = Array.from({ length: shop.customers.length }, () => uuid());
      const found = await searchOrders(
        'monolith',
        { shop, monolithCustomers: customers },
        { [monolith.pid ?? -1]: 'monolith' },
      );
      result.orders.push(found.path);
      const stats = await (await fetch(`http://127.0.0.1:${MONOLITH_PORT}/stats`)).json();
      log(`  monolith counters: ${JSON.stringify(stats)}`);
    } finally {
      await stopChild(monolith);
      await dropMonolithDatabase().catch(() => undefined);
      await deleteTopic(MONOLITH_TOPIC).catch(() => undefined);
    }
  });

  const microBest = result.orders.find((o) => o.system === 'microservices')?.best;
  const monoBest = result.orders.find((o) => o.system === 'monolith')?.best;
  result.orderRatio =
    microBest && monoBest
      ? Math.round((microBest.confirmedPerSecond / monoBest.confirmedPerSecond) * 100) / 100
      : null;
  save();
  if (result.orders.some((o) => o.probes.length > 0)) {
    const chart = join(repoRoot, 'docs', 'performance', 'bench.svg');
    mkdirSync(dirname(chart), { recursive: true });
    writeFileSync(chart, renderChart(result));
    log(`chart: ${chart.replace(`${repoRoot}/`, '')}`);
  }
  print(`\n${renderMarkdown(result)}`);
  log(`results in ${outDir} (bench.json, bench.md) after ${Math.round(result.durationSeconds)} s`);
}

function tracingRatio(): string {
  try {
    return (
      /^OTEL_TRACES_SAMPLER_RATIO=(.*)$/m.exec(
        readFileSync(join(repoRoot, 'deploy', 'local', 'services.env'), 'utf8'),
      )?.[1] ?? 'unset'
    );
  } catch {
    return 'unknown';
  }
}

async function deleteTopic(topic: string): Promise<void> {
  const admin = new kafkajs.Kafka({
    clientId: 'bench',
    brokers: (process.env['KAFKA_BROKERS'] || '127.0.0.1:9092').split(','),
    logLevel: kafkajs.logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
