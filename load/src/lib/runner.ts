import { setTimeout as sleep } from 'node:timers/promises';
import { runIteration, type IterationContext, type VirtualUser } from '../k6-modules/iteration.ts';
import { parseDuration } from './duration.ts';
import { arrivalOffsets, scheduleDurationMs, vuCap, type ScenarioConfig } from './executors.ts';
import { MetricRegistry, type Tags } from './metrics.ts';
import { evaluate, parseThresholds, type ThresholdResult } from './thresholds.ts';
import { createTransport } from './transport.ts';

// Runs a k6 script's `options.scenarios` side by side, each on its own arrival clock, and judges
// the thresholds. What k6 would do per VU runtime happens here per iteration context
// (../k6-modules/iteration.ts): the script's calls to k6's API find their iteration there.

/** The part of k6's `options` the runner honours (k6/README.md). */
export interface ScriptOptions {
  scenarios: Record<string, ScenarioConfig>;
  /** k6 thresholds; any failure fails the run (exit code 99). */
  thresholds?: Record<string, string[]>;
  /** The trend statistics handleSummary receives (k6 default: avg, min, med, max, p(90), p(95)). */
  summaryTrendStats?: string[];
}

/** Hints for the runner only, in the script's `runnerOptions` export (k6 ignores the export). */
export interface RunnerOptions {
  /** Width of the report's time windows; default: the run split into about 150 windows, at least 1 s. */
  windowSeconds?: number;
  /** Stop scheduling after this many consecutive windows breached a threshold (stress tests). */
  stopAfterBreachedWindows?: number;
  /** Connections per target origin (default 128): one pool, shared by every VU. */
  connections?: number;
}

export type IterationFn = (data: unknown) => unknown;

/** A loaded k6 script: its exports. */
export interface Script {
  options: ScriptOptions;
  runnerOptions?: RunnerOptions;
  setup?: () => unknown;
  teardown?: (data: unknown) => unknown;
  handleSummary?: (data: unknown) => unknown;
  [exported: string]: unknown;
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
  /** What setup() returned (handleSummary's `setup_data`). */
  setupData: unknown;
}

/** An exception thrown by the script's own setup() or teardown(): k6 exits with 107 (ScriptException). */
export class ScriptException extends Error {
  constructor(where: string, cause: unknown) {
    super(`${where} threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ScriptException';
  }
}

/** Total planned length (ms) of the scenarios, startTime included. */
export function plannedDurationMs(options: ScriptOptions): number {
  return Math.max(
    ...Object.values(options.scenarios).map(
      (s) => parseDuration(s.startTime ?? '0s') + scheduleDurationMs(s),
    ),
  );
}

const execName = (config: ScenarioConfig) => config.exec ?? 'default';

/** k6 hands setup()'s result to each VU as a copy of its JSON form. */
const copyOfData = (data: unknown): unknown =>
  data === undefined ? undefined : JSON.parse(JSON.stringify(data));

export async function run(script: Script, log: (line: string) => void = () => undefined): Promise<RunResult> {
  const { options } = script;
  const runner = script.runnerOptions ?? {};
  const thresholds = parseThresholds(options.thresholds ?? {});
  for (const [name, config] of Object.entries(options.scenarios))
    if (typeof script[execName(config)] !== 'function')
      throw new Error(`scenario ${name}: no exported function ${execName(config)}`);

  const transport = createTransport(runner.connections ?? 128);
  const windowMs =
    (runner.windowSeconds ?? Math.max(1, Math.ceil(plannedDurationMs(options) / 150_000))) * 1000;
  const runAbort = new AbortController();
  // setup() and teardown() run outside any VU; their requests are not part of the measured run.
  const outsideVus = (registry: MetricRegistry): IterationContext => ({
    registry,
    transport,
    tags: {},
    signal: runAbort.signal,
    scenario: { name: '', executor: '', startTime: 0, iterationInTest: 0 },
    vu: undefined,
    startLagMs: 0,
    firstRequestSent: false,
    group: '',
  });

  try {
    const scratch = new MetricRegistry(60_000);
    log('setup ...');
    const data = script.setup
      ? await runIteration(outsideVus(scratch), async () => script.setup?.()).catch((error: unknown) => {
          throw new ScriptException('setup()', error);
        })
      : undefined;

    const registry = new MetricRegistry(windowMs);
    const startedAt = new Date();
    const windows: WindowVerdict[] = [];
    const errors = new Map<string, { scenario: string; message: string; count: number }>();
    const scenarios: Record<string, ScenarioRun> = {};
    let stopped: RunResult['stoppedEarly'];
    let nextVuId = 1;

    // Each closed window is judged against the thresholds: the stress test's "last rate that met the SLO".
    let nextWindow = 0;
    const judgeWindows = () => {
      for (const last = registry.windowOf() - 1; nextWindow <= last; nextWindow++) {
        const breached = thresholds
          .filter((t) => !evaluate(registry, t, { window: nextWindow }).ok)
          .map((t) => `${t.key} ${t.expression}`);
        windows.push({ index: nextWindow, breached });
      }
      const limit = runner.stopAfterBreachedWindows;
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
      const exec = script[execName(config)] as IterationFn;
      const startMs = parseDuration(config.startTime ?? '0s');
      const scheduleMs = scheduleDurationMs(config);
      const cap = vuCap(config);
      const state: ScenarioRun = { config, startMs, scheduleMs, peakVUs: 0 };
      scenarios[name] = state;
      const abort = new AbortController();
      const signal = AbortSignal.any([abort.signal, runAbort.signal]);
      const tags: Tags = { scenario: name, ...config.tags };
      const active = new Set<Promise<void>>();
      const idle: VirtualUser[] = [];
      let created = 0;
      const origin = registry.startedAt + startMs;
      let iterationInTest = 0;

      /** A free VU, a new one while fewer than the cap exist, or none: the iteration is dropped. */
      const takeVu = (): VirtualUser | undefined => {
        const reused = idle.pop();
        if (reused) return reused;
        if (created >= cap) return undefined;
        created++;
        return { idInTest: nextVuId++, iterationInScenario: -1, data: copyOfData(data) };
      };

      const start = (vu: VirtualUser, due: number): Promise<void> => {
        const startLagMs = Math.max(0, performance.now() - due);
        registry.addTrend('iteration_start_lag', startLagMs, tags);
        vu.iterationInScenario++;
        const context: IterationContext = {
          registry,
          transport,
          tags,
          signal,
          scenario: {
            name,
            executor: config.executor,
            startTime: startedAt.getTime() + startMs,
            iterationInTest: iterationInTest++,
          },
          vu,
          startLagMs,
          firstRequestSent: false,
          group: '',
        };
        const running: Promise<void> = runIteration(context, async () => exec(vu.data))
          .then(
            () => undefined,
            (error: unknown) => {
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
            idle.push(vu);
          });
        active.add(running);
        state.peakVUs = Math.max(state.peakVUs, active.size);
        return running;
      };

      if (config.executor === 'constant-vus') {
        // Closed model: `vus` loops, each iteration starting when the VU's previous one ended.
        const wait = origin - performance.now();
        if (wait >= 1) await sleep(wait);
        const end = origin + scheduleMs;
        const loop = async (vu: VirtualUser) => {
          while (!stopped && !signal.aborted && performance.now() < end) {
            registry.addCounter('iterations_offered', 1, tags);
            await start(vu, performance.now());
          }
        };
        await Promise.all(Array.from({ length: cap }, () => loop(takeVu() as VirtualUser)));
      }
      for (const offset of arrivalOffsets(config)) {
        if (stopped) break;
        const due = origin + offset;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        registry.addCounter('iterations_offered', 1, tags);
        const vu = takeVu();
        if (!vu) {
          registry.addCounter('dropped_iterations', 1, tags); // no free VU: k6 drops, never queues
          continue;
        }
        void start(vu, due);
      }
      // gracefulStop: in-flight iterations may finish; then they are interrupted and left where
      // they stand (their pending calls never settle: ../k6-modules/iteration.ts `never`).
      const grace = parseDuration(config.gracefulStop ?? '30s');
      const settled = Promise.allSettled([...active]).then(() => 'done' as const);
      const timer = sleep(grace, 'timeout' as const, { signal: runAbort.signal }).catch(
        () => 'timeout' as const,
      );
      if ((await Promise.race([settled, timer])) === 'timeout' && active.size > 0) {
        registry.addCounter('iterations_interrupted', active.size, tags);
        abort.abort();
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

    if (script.teardown) {
      log('teardown ...');
      await runIteration(outsideVus(scratch), async () => script.teardown?.(copyOfData(data))).catch(
        (error: unknown) => {
          throw new ScriptException('teardown()', error);
        },
      );
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
      setupData: copyOfData(data),
    };
  } finally {
    runAbort.abort();
    await transport.close();
  }
}
