import { AsyncLocalStorage } from 'node:async_hooks';
import type { MetricRegistry, Tags } from '../lib/metrics.ts';
import type { Transport } from '../lib/transport.ts';

// k6 runs each VU in its own JavaScript runtime, so `check()` or `http.asyncRequest()` know
// their VU without being told. The runner runs every VU in one Node process: each iteration
// runs inside an AsyncLocalStorage context, and the k6 modules below read "the current
// iteration" from it, across every `await` of the script.

/** One virtual user: k6 reuses a VU for many iterations, one at a time. */
export interface VirtualUser {
  /** 1-based, unique in the test (k6/execution `vu.idInTest`, the `__VU` global). */
  readonly idInTest: number;
  iterationInScenario: number;
  /** This VU's own copy of what setup() returned (k6 hands each VU a copy, never a shared object). */
  readonly data: unknown;
}

export interface IterationContext {
  registry: MetricRegistry;
  transport: Transport;
  /** Tags on every sample of this iteration: its scenario and the scenario's own tags. */
  tags: Tags;
  signal: AbortSignal;
  /** `startTime`: when the scenario started, Unix ms (k6/execution `scenario.startTime`). */
  scenario: { name: string; executor: string; startTime: number; iterationInTest: number };
  /** Undefined in setup() and teardown(), which run outside any VU (k6: `__VU` is 0 there). */
  vu: VirtualUser | undefined;
  /** How late the iteration started after it was due (a busy event loop): the runner's own lag. */
  startLagMs: number;
  /** The first request of an iteration carries `startLagMs` in its latency (no coordinated omission). */
  firstRequestSent: boolean;
  /** k6's `group` tag: '' at the top, '::name' inside group('name'). */
  group: string;
}

const storage = new AsyncLocalStorage<IterationContext>();

export const runIteration = <T>(context: IterationContext, fn: () => T): T => storage.run(context, fn);

/** The running iteration; k6 modules call it, so a call from the init context names its mistake. */
export function currentIteration(api: string): IterationContext {
  const context = storage.getStore();
  if (!context) throw new Error(`${api} was called in the init context; k6 allows it only in VU code`);
  return context;
}

export const maybeCurrentIteration = (): IterationContext | undefined => storage.getStore();

/** The tags a sample of the running iteration carries, plus `extra`. */
export const sampleTags = (context: IterationContext, extra: Tags = {}): Tags => ({
  ...context.tags,
  group: context.group,
  ...extra,
});

/**
 * What an interrupted iteration's pending call returns: a promise that never settles. k6 stops
 * an iteration cut by gracefulStop where it stands; no line of the script runs after it, so
 * nothing it would record afterwards (a check, a custom metric, an error) is recorded.
 */
export const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
