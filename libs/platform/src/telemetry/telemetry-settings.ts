// Read straight from the environment because the SDK must start before any
// other module loads (including zod-validated config). Invalid values fall back
// to defaults here; loadConfig() rejects them moments later at start-up.
export interface TelemetrySettings {
  serviceName: string;
  serviceVersion: string;
  /** OTLP/HTTP base endpoint; traces are exported only when set. */
  otlpEndpoint?: string;
  /** ParentBased(TraceIdRatioBased(ratio)). */
  samplerRatio: number;
  /** Requests to the admin port (probes, scrapes) create no spans. */
  adminPort?: number;
}

export function telemetrySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TelemetrySettings {
  const ratio = Number(env['OTEL_TRACES_SAMPLER_RATIO'] ?? '1');
  const adminPort = Number(env['ADMIN_PORT']);
  return {
    serviceName: env['SERVICE_NAME'] || 'unknown_service',
    serviceVersion: env['SERVICE_VERSION'] || '0.0.0-dev',
    otlpEndpoint: env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined,
    samplerRatio: Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1,
    adminPort: Number.isInteger(adminPort) && adminPort > 0 ? adminPort : undefined,
  };
}
