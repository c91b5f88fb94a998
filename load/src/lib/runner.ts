import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from './duration.ts';
import { arrivalOffsets, scheduleDurationMs, type ScenarioConfig } from './executors.ts';
import { createTarget, type RequestContext } from './http.ts';
import { MetricRegistry, type Tags } from './metrics.ts';
import { evaluate, parseThresholds, type ThresholdResult } from './thresholds.ts';
import { Vu } from './vu.ts';

export interface Options {
  scenarios: Record<string, ScenarioConfig>;
  /** k6-style thresholds; any failure fails the run. */
  thresholds?: Record<string, string[]>;
  /** "GET /v1/orders" -> SLO id, for the `slo` tag (load/generated/slo-thresholds.ts `routes`). */
  sloRoutes?: Record<string, string>;
  /** Width of the report's time windows; default: the run split into about 150 windows, at least 1 s. */
  windowSeconds?: number;
  /** Stop scheduling after this many consecutive windows breached a threshold (stress tests). */
  stopAfterBreachedWindows?: number;
  /** Connections to the target (default 128). */
  connections?: number;
  /** Deadline of every request (default "10s"). */
  requestTimeout?: string;
}

export type IterationFn<Data> = (vu: Vu<Data>) => Promise<void>;

/** A scenario file: `options`, optional `setup`/`teardown`, and the functions `exec` names. */
export interface ScenarioModule<Data = unknown> {
  options: Options;
  setup?: (vu: Vu<undefined>) => Promise<Data>;
  teardown?: (vu: Vu<Data>) => Promise<void>;
  [exec: string]: unknown;
}

export interface WindowVerdict {
  index: number;
  /** Threshold keys+expressions breached in this window. */
  breached: string[];
}

export interface ScenarioRun {
  config: ScenarioConfig;
  startMs: number;
  scheduleMs: number;
  peakVUs: number;
}

export interface RunResult {
  registry: MetricRegistry;
  thresholds: ThresholdResult[];
  windows: WindowVerdict[];
  scenarios: Record<string, ScenarioRun>;
  startedAt: Date;
  elapsedMs: number;
  stoppedEarly?: { atMs: number; reason: string };
  /** Distinct errors thrown by iterations (first 20), with counts. */
  errors: { scenario: string; message: string; count: number }[];
}

export interface RunSettings {
  baseUrl: string;
  log?: (line: string) => void;
}

/** Total planned length (ms) of the options' scenarios, startTime included. */
export function plannedDurationMs(options: Options): number {
  return Math.max(
    ...Object.values(options.scenarios).map(
      (s) => parseDuration(s.startTime ?? '0s') + scheduleDurationMs(s),
    ),
  );
}

export async function run<Data>(module: ScenarioModule<Data>, settings: RunSettings): Promise<RunResult> {
  const { options } = module;
  const log = settings.log ?? (() => undefined);
  const thresholds = parseThresholds(options.thresholds ?? {});
  for (const [name, config] of Object.entries(options.scenarios))
    if (typeof module[config.exec] !== 'function')
      throw new Error(`scenario ${name}: no exported function ${config.exec}`);

  const target = createTarget(settings.baseUrl, options.connections ?? 128);
  const timeoutMs = parseDuration(options.requestTimeout ?? '10s');
  const windowMs =
    (options.windowSeconds ?? Math.max(1, Math.ceil(plannedDurationMs(options) / 150_000))) * 1000;
  const runAbort = new AbortController();
  const context = (registry: MetricRegistry, baseTags: Tags, signal: AbortSignal): RequestContext => ({
    registry,
    target,
    baseTags,
    sloRoutes: options.sloRoutes ?? {},
    signal,
    defaultTimeoutMs: timeoutMs,
  });

  try {
    // setup(): its requests are not part of the measured run (a scratch registry).
    const setupCtx = context(new MetricRegistry(60_000), { scenario: 'setup' }, runAbort.signal);
    log('setup ...');
    const data = (await module.setup?.(new Vu(setupCtx, undefined, 'setup', 0, performance.now()))) as Data;

    const registry = new MetricRegistry(windowMs);
    const startedAt = new Date();
    const windows: WindowVerdict[] = [];
    const errors = new Map<string, { scenario: string; message: string; count: number }>();
    const scenarios: Record<string, ScenarioRun> = {};
    let stopped: RunResult['stoppedEarly'];

    // Each closed window is judged against the thresholds: the stress test's "last rate that met the SLO".
    let nextWindow = 0;
    const judgeWindows = () => {
      for (const last = registry.windowOf() - 1; nextWindow <= last; nextWindow++) {
        const breached = thresholds
          .filter((t) => !evaluate(registry, t, { window: nextWindow }).ok)
          .map((t) => `${t.key} ${t.expression}`);
        windows.push({ index: nextWindow, breached });
      }
      const limit = options.stopAfterBreachedWindows;
      if (
        limit &&
        !stopped &&
        windows.length >= limit &&
        windows.slice(-limit).every((w) => w.breached.length > 0)
      ) {
        stopped = {
          atMs: performance.now() - registry.startedAt,
          reason: `${limit} consecutive windows breached`,
        };
        log(`stopping: ${stopped.reason} (${windows.at(-1)?.breached.join('; ')})`);
      }
    };
    const judge = setInterval(judgeWindows, windowMs);
    const progress = setInterval(() => {
      const seconds = Math.round((performance.now() - registry.startedAt) / 1000);
      const requests = registry.aggregate('http_reqs').count;
      const dropped = registry.aggregate('dropped_iterations').count;
      log(`  ${seconds}s: ${requests} requests, ${dropped} dropped iterations`);
    }, 10_000);

    const drive = async (name: string, config: ScenarioConfig) => {
      const exec = module[config.exec] as IterationFn<Data>;
      const startMs = parseDuration(config.startTime ?? '0s');
      const scheduleMs = scheduleDurationMs(config);
      const state: ScenarioRun = { config, startMs, scheduleMs, peakVUs: 0 };
      scenarios[name] = state;
      const abort = new AbortController();
      const signal = AbortSignal.any([abort.signal, runAbort.signal]);
      const tags: Tags = { scenario: name, ...config.tags };
      const ctx = context(registry, tags, signal);
      const active = new Set<Promise<void>>();
      const origin = registry.startedAt + startMs;
      let iteration = 0;

      const start = (due: number): Promise<void> => {
        registry.addTrend('iteration_start_lag', Math.max(0, performance.now() - due), tags);
        const vu = new Vu(ctx, data, name, iteration++, due);
        const running: Promise<void> = exec(vu)
          .then(
            () => undefined,
            (error: unknown) => {
              if (signal.aborted) return; // interrupted: counted in iterations_interrupted, not an error
              registry.addCounter('iteration_errors', 1, tags);
              const message = error instanceof Error ? error.message : String(error);
              const entry = errors.get(`${name}\n${message}`);
              if (entry) entry.count += 1;
              else if (errors.size < 20)
                errors.set(`${name}\n${message}`, { scenario: name, message, count: 1 });
            },
          )
          .finally(() => {
            registry.addCounter('iterations', 1, tags);
            registry.addTrend('iteration_duration', performance.now() - due, tags);
            active.delete(running);
          });
        active.add(running);
        state.peakVUs = Math.max(state.peakVUs, active.size);
        return running;
      };

      if (config.executor === 'constant-vus') {
        // Closed model: maxVUs loops, each iteration starting when the VU's previous one ended.
        const wait = origin - performance.now();
        if (wait >= 1) await sleep(wait);
        const end = origin + scheduleMs;
        const loop = async () => {
          while (!stopped && !signal.aborted && performance.now() < end) {
            registry.addCounter('iterations_offered', 1, tags);
            await start(performance.now());
          }
        };
        await Promise.all(Array.from({ length: config.maxVUs }, loop));
      }
      for (const offset of arrivalOffsets(config)) {
        if (stopped) break;
        const due = origin + offset;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        registry.addCounter('iterations_offered', 1, tags);
        if (active.size >= config.maxVUs) {
          registry.addCounter('dropped_iterations', 1, tags); // no free VU: k6 drops, never queues
          continue;
        }
        void start(due);
      }
      // gracefulStop: in-flight iterations may finish, then they are interrupted.
      const grace = parseDuration(config.gracefulStop ?? '30s');
      const settled = Promise.allSettled([...active]);
      const timer = sleep(grace, 'timeout' as const, { signal: runAbort.signal }).catch(
        () => 'timeout' as const,
      );
      if (
        (await Promise.race([settled.then(() => 'done' as const), timer])) === 'timeout' &&
        active.size > 0
      ) {
        registry.addCounter('iterations_interrupted', active.size, tags);
        abort.abort();
        await settled;
      }
    };

    log(`running ${Object.keys(options.scenarios).join(', ')} (windows of ${windowMs / 1000}s) ...`);
    try {
      await Promise.all(Object.entries(options.scenarios).map(([name, config]) => drive(name, config)));
    } finally {
      clearInterval(judge);
      clearInterval(progress);
    }
    judgeWindows();
    const elapsedMs = performance.now() - registry.startedAt;

    if (module.teardown) {
      log('teardown ...');
      await module.teardown(new Vu(setupCtx, data, 'teardown', 0, performance.now()));
    }
    return {
      registry,
      thresholds: thresholds.map((t) => evaluate(registry, t, { elapsedMs })),
      windows,
      scenarios,
      startedAt,
      elapsedMs,
      stoppedEarly: stopped,
      errors: [...errors.values()],
    };
  } finally {
    runAbort.abort();
    await target.pool.close();
  }
}
