import type { Logger } from 'pino';
import type { BaseConfig } from '../config/config-schema';
import { getTelemetry, startTelemetry, type Telemetry } from '../telemetry/telemetry-sdk';

/**
 * The SDK normally started from `@shop/platform/telemetry/register` (first import
 * of main.ts). If it was not, start it now so metrics and trace ids still work,
 * and say loudly that libraries loaded earlier are not instrumented.
 */
export function ensureTelemetry(config: BaseConfig, logger: Logger): Telemetry {
  const running = getTelemetry();
  if (running) return running;
  logger.warn(
    "telemetry was not registered first; import '@shop/platform/telemetry/register' as the first line of main.ts",
  );
  return startTelemetry({
    serviceName: config.SERVICE_NAME,
    serviceVersion: config.SERVICE_VERSION,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    samplerRatio: config.OTEL_TRACES_SAMPLER_RATIO,
    adminPort: config.ADMIN_PORT,
  });
}
