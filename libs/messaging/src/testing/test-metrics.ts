import { metrics, type Attributes } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';

/** A pull reader: tests read the current values on demand; nothing to flush or close. */
class TestMetricReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TestMetrics {
  /** Sum of a counter's points whose attributes include `where`. */
  counter(name: string, where?: Attributes): Promise<number>;
  uninstall(): Promise<void>;
}

/**
 * Registers a real SDK MeterProvider as the global one, the way the platform
 * does at start-up. Install it before constructing relays/runners (instruments
 * bind to the provider registered when they are created).
 */
export function installTestMetrics(): TestMetrics {
  const reader = new TestMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    counter: async (name, where = {}) => {
      const { resourceMetrics } = await reader.collect();
      const points = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .filter((metric): metric is SumMetricData => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints);
      return points
        .filter((point) => Object.entries(where).every(([key, value]) => point.attributes[key] === value))
        .reduce((sum, point) => sum + point.value, 0);
    },
    uninstall: async () => {
      metrics.disable();
      await provider.shutdown();
    },
  };
}
