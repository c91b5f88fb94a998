import type { SloObjective } from '@shop/k6/lib/slo-types.ts';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { vuCap } from './executors.ts';
import { trendStat, type MetricRegistry } from './metrics.ts';
import type { RunResult } from './runner.ts';
import { evaluate, parseThreshold, type ThresholdResult } from './thresholds.ts';

/** An SLO objective (the script's `sloObjectives`) as the report judges it. */
export interface SloVerdict extends SloObjective {
  measured: number | undefined;
  ok: boolean;
  noData: boolean;
}

export interface RouteStats {
  method: string;
  route: string;
  /** The SLO the route belongs to (its `slo` tag), if any. */
  slo?: string;
  requests: number;
  /** Responses by status ("0": no response: refused, timed out). */
  statuses: Record<string, number>;
  perSecond: number;
  failedRate: number;
  serverErrorRate: number;
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

type Series = (number | null)[];

/** What the runner's HTML report shows (the script's handleSummary writes summary.json). */
export interface Summary {
  tool: string;
  scenario: string;
  baseUrl: string;
  startedAt: string;
  durationSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    os: string;
    loadAverage1m: number;
  };
  ok: boolean;
  stoppedEarly?: RunResult['stoppedEarly'];
  scenarios: Record<
    string,
    {
      executor: string;
      exec: string;
      maxVUs: number;
      peakVUs: number;
      offered: number;
      iterations: number;
      dropped: number;
      interrupted: number;
      errors: number;
    }
  >;
  thresholds: ThresholdResult[];
  slo: SloVerdict[];
  routes: RouteStats[];
  checks: { name: string; passes: number; fails: number }[];
  metrics: Record<string, Record<string, number | undefined>>;
  errors: RunResult['errors'];
  /** Present when any scenario ramps: the last window within every threshold before the first breach. */
  capacity?: {
    withinSlo: { atSeconds: number; offeredPerSecond: Record<string, number> } | null;
    firstBreach: { atSeconds: number; offeredPerSecond: Record<string, number>; breached: string[] } | null;
  };
  timeline: {
    windowSeconds: number;
    /** Window start, seconds from the run's start. */
    t: number[];
    routes: Record<string, { perSecond: Series; p95: Series; p99: Series; serverErrors: Series }>;
    scenarios: Record<string, { offeredPerSecond: Series; dropped: Series }>;
    trends: Record<string, { p95: Series; p99: Series }>;
    breached: boolean[];
  };
}

const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];
const round = (value: number | undefined, digits = 2) =>
  value === undefined ? undefined : Number(value.toFixed(digits));

function metricStats(
  registry: MetricRegistry,
  name: string,
  elapsedMs: number,
): Record<string, number | undefined> {
  const metric = registry.metrics.get(name);
  const total = registry.aggregate(name);
  if (metric?.type === 'trend')
    return Object.fromEntries([
      ['count', total.count],
      ...TREND_STATS.map((stat) => [stat, round(trendStat(total.histogram, stat))]),
    ]);
  if (metric?.type === 'rate')
    return {
      rate: round(total.passes / Math.max(1, total.count), 6),
      passes: total.passes,
      fails: total.count - total.passes,
    };
  return { count: total.count, rate: round(total.count / (elapsedMs / 1000)) };
}

function windowSeries(
  registry: MetricRegistry,
  windows: number,
  fn: (w: number) => number | undefined,
): Series {
  return Array.from({ length: windows }, (_, w) => round(fn(w)) ?? null);
}

export function summarize(
  result: RunResult,
  meta: { scenario: string; baseUrl: string; objectives: SloObjective[] },
): Summary {
  const { registry, elapsedMs } = result;
  const windowSeconds = registry.windowMs / 1000;
  const windowCount = Math.max(1, Math.ceil(elapsedMs / registry.windowMs));
  const count = (name: string, filter: Record<string, string>, w?: number) =>
    registry.aggregate(name, filter, w).count;

  const slo = meta.objectives.map((objective): SloVerdict => {
    const verdict = evaluate(registry, parseThreshold(objective.metric, objective.expression), { elapsedMs });
    return { ...objective, measured: round(verdict.actual, 6), ok: verdict.ok, noData: verdict.noData };
  });

  const routes: RouteStats[] = [];
  const routeTimeline: Summary['timeline']['routes'] = {};
  // k6 groups a request's samples by its `name` tag: the route template the script gives.
  for (const method of registry.tagValues('http_req_duration', 'method'))
    for (const route of registry.tagValues('http_req_duration', 'name', { method })) {
      const filter = { method, name: route };
      const latency = registry.aggregate('http_req_duration', filter);
      const failed = registry.aggregate('http_req_failed', filter);
      const server = registry.aggregate('http_req_server_errors', filter);
      routes.push({
        method,
        route,
        slo: registry.tagValues('http_req_duration', 'slo', filter)[0],
        requests: latency.count,
        statuses: Object.fromEntries(
          registry
            .tagValues('http_req_duration', 'status', filter)
            .map((status) => [status, count('http_req_duration', { ...filter, status })]),
        ),
        perSecond: round(latency.count / (elapsedMs / 1000)) ?? 0,
        failedRate: round(failed.passes / Math.max(1, failed.count), 6) ?? 0,
        serverErrorRate: round(server.passes / Math.max(1, server.count), 6) ?? 0,
        p50: round(trendStat(latency.histogram, 'med')),
        p95: round(trendStat(latency.histogram, 'p(95)')),
        p99: round(trendStat(latency.histogram, 'p(99)')),
        max: round(trendStat(latency.histogram, 'max')),
      });
      const at = (w: number, stat: string) =>
        trendStat(registry.aggregate('http_req_duration', filter, w).histogram, stat);
      routeTimeline[`${method} ${route}`] = {
        perSecond: windowSeries(
          registry,
          windowCount,
          (w) => count('http_req_duration', filter, w) / windowSeconds,
        ),
        p95: windowSeries(registry, windowCount, (w) => at(w, 'p(95)')),
        p99: windowSeries(registry, windowCount, (w) => at(w, 'p(99)')),
        serverErrors: windowSeries(
          registry,
          windowCount,
          (w) => registry.aggregate('http_req_server_errors', filter, w).passes,
        ),
      };
    }

  const scenarios: Summary['scenarios'] = {};
  const scenarioTimeline: Summary['timeline']['scenarios'] = {};
  for (const [name, run] of Object.entries(result.scenarios)) {
    const filter = { scenario: name };
    scenarios[name] = {
      executor: run.config.executor,
      exec: run.config.exec ?? 'default',
      maxVUs: vuCap(run.config),
      peakVUs: run.peakVUs,
      offered: count('iterations_offered', filter),
      iterations: count('iterations', filter),
      dropped: count('dropped_iterations', filter),
      interrupted: count('iterations_interrupted', filter),
      errors: result.errors.filter((e) => e.scenario === name).reduce((sum, e) => sum + e.count, 0),
    };
    scenarioTimeline[name] = {
      offeredPerSecond: windowSeries(
        registry,
        windowCount,
        (w) => count('iterations_offered', filter, w) / windowSeconds,
      ),
      dropped: windowSeries(registry, windowCount, (w) => count('dropped_iterations', filter, w)),
    };
  }

  // Custom trends (saga_duration...): everything that is not a built-in.
  const builtIn = new Set(['http_req_duration', 'iteration_duration', 'iteration_start_lag']);
  const trends: Summary['timeline']['trends'] = {};
  for (const metric of registry.metrics.values())
    if (metric.type === 'trend' && !builtIn.has(metric.name))
      trends[metric.name] = {
        p95: windowSeries(registry, windowCount, (w) =>
          trendStat(registry.aggregate(metric.name, {}, w).histogram, 'p(95)'),
        ),
        p99: windowSeries(registry, windowCount, (w) =>
          trendStat(registry.aggregate(metric.name, {}, w).histogram, 'p(99)'),
        ),
      };

  const checks = registry.tagValues('checks', 'check').map((name) => {
    const total = registry.aggregate('checks', { check: name });
    return { name, passes: total.passes, fails: total.count - total.passes };
  });

  const offeredAt = (w: number) =>
    Object.fromEntries(
      Object.keys(result.scenarios).map((name) => [
        name,
        round(count('iterations_offered', { scenario: name }, w) / windowSeconds) ?? 0,
      ]),
    );
  const ramping = Object.values(result.scenarios).some((s) => s.config.executor === 'ramping-arrival-rate');
  const firstBreach = result.windows.find((w) => w.breached.length > 0);
  // Capacity: the highest offered rate of a window that held every threshold together with the
  // window before it. One slow window (a GC pause, a neighbour's burst) early in the ramp does
  // not set the capacity, and one lucky window between breaches does not either.
  const held = (index: number) => result.windows[index]?.breached.length === 0;
  const offeredTotal = (w: number) => Object.values(offeredAt(w)).reduce((sum, rate) => sum + rate, 0);
  const lastGood = result.windows
    .filter((w, position) => held(position) && (position === 0 || held(position - 1)))
    .reduce<(typeof result.windows)[number] | undefined>(
      (best, w) => (!best || offeredTotal(w.index) >= offeredTotal(best.index) ? w : best),
      undefined,
    );

  const cpuList = cpus();
  return {
    tool: 'shop-load runner (load/src/cli.ts)',
    scenario: meta.scenario,
    baseUrl: meta.baseUrl,
    startedAt: result.startedAt.toISOString(),
    durationSeconds: round(elapsedMs / 1000, 1) ?? 0,
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30, 1) ?? 0,
      node: process.version,
      os: `${process.platform} ${release()}`,
      loadAverage1m: round(loadavg()[0]) ?? 0,
    },
    ok: result.thresholds.every((t) => t.ok),
    stoppedEarly: result.stoppedEarly,
    scenarios,
    thresholds: result.thresholds.map((t) => ({ ...t, actual: round(t.actual, 6) })),
    slo,
    routes,
    checks,
    metrics: Object.fromEntries(
      [...registry.metrics.keys()].sort().map((name) => [name, metricStats(registry, name, elapsedMs)]),
    ),
    errors: result.errors,
    ...(ramping
      ? {
          capacity: {
            withinSlo: lastGood
              ? { atSeconds: lastGood.index * windowSeconds, offeredPerSecond: offeredAt(lastGood.index) }
              : null,
            firstBreach: firstBreach
              ? {
                  atSeconds: firstBreach.index * windowSeconds,
                  offeredPerSecond: offeredAt(firstBreach.index),
                  breached: firstBreach.breached,
                }
              : null,
          },
        }
      : {}),
    timeline: {
      windowSeconds,
      t: Array.from({ length: windowCount }, (_, w) => w * windowSeconds),
      routes: routeTimeline,
      scenarios: scenarioTimeline,
      trends,
      breached: Array.from(
        { length: windowCount },
        (_, w) => (result.windows.find((v) => v.index === w)?.breached.length ?? 0) > 0,
      ),
    },
  };
}
