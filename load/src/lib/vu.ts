import { setTimeout as sleep } from 'node:timers/promises';
import { send, type HttpResponse, type RequestContext, type RequestSpec } from './http.ts';
import type { Tags } from './metrics.ts';

/**
 * What one iteration gets (k6: the VU's context): HTTP, checks, custom metrics, sleep. One
 * object per iteration, so "the first request of this iteration" is known without globals.
 */
export class Vu<Data = unknown> {
  private firstRequest = true;
  private readonly ctx: RequestContext;
  /** What the scenario's setup() returned. */
  readonly data: Data;
  /** The scenario's name. */
  readonly scenario: string;
  /** 0-based number of this iteration within its scenario. */
  readonly iteration: number;
  /** When the iteration was due on the performance.now() clock. */
  readonly scheduledAt: number;

  // No parameter properties: Node's type stripping runs only erasable TypeScript.
  constructor(ctx: RequestContext, data: Data, scenario: string, iteration: number, scheduledAt: number) {
    this.ctx = ctx;
    this.data = data;
    this.scenario = scenario;
    this.iteration = iteration;
    this.scheduledAt = scheduledAt;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }

  /** One HTTP request; the iteration's first is measured from the scheduled start. */
  request(spec: RequestSpec): Promise<HttpResponse> {
    const from = this.firstRequest ? this.scheduledAt : performance.now();
    this.firstRequest = false;
    return send(this.ctx, spec, from);
  }

  /**
   * k6's check(): each named predicate is a sample of the `checks` rate, tagged with its name.
   * A failed check does not stop the iteration; a `checks` threshold decides what it costs.
   */
  check<T>(value: T, predicates: Record<string, (value: T) => boolean>, tags: Tags = {}): boolean {
    if (this.ctx.signal.aborted) return false; // an interrupted iteration records nothing more
    let all = true;
    for (const [name, predicate] of Object.entries(predicates)) {
      let passed: boolean;
      try {
        passed = predicate(value);
      } catch {
        passed = false;
      }
      this.ctx.registry.addRate('checks', passed, { ...this.ctx.baseTags, ...tags, check: name });
      all &&= passed;
    }
    return all;
  }

  /** A custom Trend sample (ms), e.g. saga_duration. */
  trend(name: string, valueMs: number, tags: Tags = {}): void {
    if (this.ctx.signal.aborted) return;
    this.ctx.registry.addTrend(name, valueMs, { ...this.ctx.baseTags, ...tags });
  }

  counter(name: string, value = 1, tags: Tags = {}): void {
    if (this.ctx.signal.aborted) return;
    this.ctx.registry.addCounter(name, value, { ...this.ctx.baseTags, ...tags });
  }

  /** Think time or poll interval; ends early (without throwing) when the run is interrupted. */
  async sleep(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.ctx.signal }).catch(() => undefined);
  }
}
