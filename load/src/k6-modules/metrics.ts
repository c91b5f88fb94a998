import type { MetricRegistry, Tags } from '../lib/metrics.ts';
import { currentIteration, sampleTags } from './iteration.ts';

// The runner's `k6/metrics`: custom Trend, Counter and Rate, created in the init context and fed
// from VU code (k6's "k6/metrics" pages). Trends hold milliseconds when they measure time.

abstract class Metric {
  readonly name: string;
  // No parameter properties: Node's type stripping runs only erasable TypeScript.
  constructor(name: string) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw new Error(`invalid metric name "${name}"`);
    this.name = name;
  }

  add(value: number | boolean, tags: Tags = {}): void {
    const context = currentIteration(`${this.name}.add()`);
    if (context.signal.aborted) return; // an interrupted iteration records nothing more
    this.record(context.registry, Number(value), sampleTags(context, tags));
  }

  protected abstract record(registry: MetricRegistry, value: number, tags: Tags): void;
}

export class Trend extends Metric {
  protected record(registry: MetricRegistry, value: number, tags: Tags) {
    registry.addTrend(this.name, value, tags);
  }
}

export class Counter extends Metric {
  protected record(registry: MetricRegistry, value: number, tags: Tags) {
    registry.addCounter(this.name, value, tags);
  }
}

/** A sample is true when non-zero, as k6 counts it. */
export class Rate extends Metric {
  protected record(registry: MetricRegistry, value: number, tags: Tags) {
    registry.addRate(this.name, value !== 0, tags);
  }
}
