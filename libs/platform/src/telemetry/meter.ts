import { metrics, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { getTelemetry } from './telemetry-sdk';

/**
 * A meter on the service's single registry: business metrics created with
 * it appear at /metrics next to the runtime ones. Call it where instruments are
 * created (constructor, onModuleInit) rather than at import time, so it runs
 * after the SDK has started. Labels must come from bounded sets.
 */
export function getMeter(name?: string): Meter {
  return metrics.getMeter(name ?? getTelemetry()?.settings.serviceName ?? 'shop');
}

/** A row of a metrics table: the exported name and help text; a histogram's unit and buckets (default: the SDK's). */
export type InstrumentSpec = Readonly<
  | { counter: string; description: string }
  | { histogram: string; description: string; unit: string; buckets?: number[] }
>;

export type Instruments<T extends Record<string, InstrumentSpec>> = {
  readonly [K in keyof T]: T[K] extends { histogram: string } ? Histogram : Counter;
};

/**
 * Creates the instruments of a metrics class from one table, so the class
 * reads as what it exports (name, description, unit, buckets: dashboards and
 * alert rules depend on them) followed by the methods that record. Like
 * getMeter, call it at construction, never at import time.
 */
export function createInstruments<T extends Record<string, InstrumentSpec>>(
  table: T,
  meter: Meter = getMeter(),
): Instruments<T> {
  const instruments: Record<string, Counter | Histogram> = {};
  for (const [key, spec] of Object.entries(table)) {
    instruments[key] =
      'counter' in spec
        ? meter.createCounter(spec.counter, { description: spec.description })
        : meter.createHistogram(spec.histogram, {
            description: spec.description,
            unit: spec.unit,
            ...(spec.buckets && { advice: { explicitBucketBoundaries: spec.buckets } }),
          });
  }
  return instruments as Instruments<T>;
}
