import { metrics, type Meter } from '@opentelemetry/api';
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
