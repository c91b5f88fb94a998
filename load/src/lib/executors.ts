import { parseDuration } from './duration.ts';

// Open-model executors with k6's names and options (grafana.com/docs/k6: "Constant arrival
// rate", "Ramping arrival rate"). Iterations START on a clock, whatever the system's response
// time: a slow system does not slow the load down (a closed model would, and would hide the
// slowness: coordinated omission). An iteration due while all `maxVUs` are busy is not queued
// but counted in `dropped_iterations`, as k6 does.

interface ExecutorCommon {
  /** The exported function of the script that one iteration runs (default: the default export). */
  exec?: string;
  /** Delay from the start of the run ("0s"). */
  startTime?: string;
  /** How long in-flight iterations may finish after the schedule ends ("30s"), then they are interrupted. */
  gracefulStop?: string;
  /** Extra tags on every metric of this scenario. */
  tags?: Record<string, string>;
}

/**
 * k6 initialises `preAllocatedVUs` before the test and more, up to `maxVUs` (default
 * preAllocatedVUs), when all are busy. The runner's VUs cost nothing to create, so it creates
 * them on demand; the cap is what counts: iterations running at once.
 */
interface ArrivalRateVus {
  preAllocatedVUs: number;
  maxVUs?: number;
}

export interface ConstantArrivalRate extends ExecutorCommon, ArrivalRateVus {
  executor: 'constant-arrival-rate';
  /** Iterations started per `timeUnit`. */
  rate: number;
  timeUnit?: string;
  duration: string;
}

export interface RampingArrivalRate extends ExecutorCommon, ArrivalRateVus {
  executor: 'ramping-arrival-rate';
  startRate: number;
  timeUnit?: string;
  /** The rate moves linearly from the previous target to `target` over `duration`. */
  stages: { target: number; duration: string }[];
}

/**
 * The closed model (k6's "constant-vus"): `vus` loops, each starting its next iteration as
 * soon as its last one ended, for `duration`. It measures one thing the open model cannot: the
 * most a target serves (throughput at saturation, `make bench`). Its latencies are measured from
 * the actual send, so they are flattered by coordinated omission: never judge an SLO with it.
 */
export interface ConstantVus extends ExecutorCommon {
  executor: 'constant-vus';
  vus: number;
  duration: string;
}

export type ScenarioConfig = ConstantArrivalRate | RampingArrivalRate | ConstantVus;

/** The most iterations the executor runs at once. */
export const vuCap = (config: ScenarioConfig): number =>
  config.executor === 'constant-vus' ? config.vus : (config.maxVUs ?? config.preAllocatedVUs);

/** How long the executor schedules iterations for (without startTime and gracefulStop). */
export function scheduleDurationMs(config: ScenarioConfig): number {
  return config.executor === 'constant-arrival-rate' || config.executor === 'constant-vus'
    ? parseDuration(config.duration)
    : config.stages.reduce((total, stage) => total + parseDuration(stage.duration), 0);
}

/** The rate (iterations per second) the executor asks for `atMs` after its start. */
export function rateAt(config: ScenarioConfig, atMs: number): number {
  if (config.executor === 'constant-vus') return 0; // closed model: no arrival rate, only VUs
  const unitMs = parseDuration(config.timeUnit ?? '1s');
  if (config.executor === 'constant-arrival-rate')
    return atMs <= parseDuration(config.duration) ? (config.rate * 1000) / unitMs : 0;
  let from = config.startRate;
  let stageStart = 0;
  for (const stage of config.stages) {
    const length = parseDuration(stage.duration);
    if (atMs <= stageStart + length) {
      const progress = length === 0 ? 1 : (atMs - stageStart) / length;
      return ((from + (stage.target - from) * progress) * 1000) / unitMs;
    }
    from = stage.target;
    stageStart += length;
  }
  return 0;
}

/**
 * The start offsets (ms from the executor's start) of every iteration, in order. Iteration k
 * starts when the integral of the rate reaches k, so starts are spread evenly ("iteration
 * starts are spaced fractionally") and a ramp's starts follow the ramp exactly.
 */
export function* arrivalOffsets(config: ScenarioConfig): Generator<number> {
  if (config.executor === 'constant-vus') return; // closed model: iterations follow each other
  const unitMs = parseDuration(config.timeUnit ?? '1s');
  if (config.executor === 'constant-arrival-rate') {
    const total = parseDuration(config.duration);
    if (config.rate <= 0) return;
    const interval = unitMs / config.rate;
    for (let k = 0; k * interval < total; k++) yield k * interval;
    return;
  }
  let k = 0; // next iteration number
  let done = 0; // iterations due before the current stage (a real number)
  let stageStart = 0;
  let from = config.startRate / unitMs; // iterations per ms
  for (const stage of config.stages) {
    const length = parseDuration(stage.duration);
    const to = stage.target / unitMs;
    // Iterations due t ms into the stage: done + from*t + (to-from)*t^2/(2*length).
    const inStage = ((from + to) / 2) * length;
    while (k < done + inStage) {
      const need = k - done;
      const slope = length === 0 ? 0 : (to - from) / length;
      const t =
        Math.abs(slope) < 1e-15
          ? need / from
          : (-from + Math.sqrt(Math.max(0, from * from + 2 * slope * need))) / slope;
      yield stageStart + t;
      k++;
    }
    done += inStage;
    stageStart += length;
    from = to;
  }
}
