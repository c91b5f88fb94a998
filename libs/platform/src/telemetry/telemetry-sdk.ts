import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { createInstrumentations } from './instrumentations';
import { METRIC_VIEWS } from './metric-views';
import { telemetrySettingsFromEnv, type TelemetrySettings } from './telemetry-settings';

export interface Telemetry {
  readonly settings: TelemetrySettings;
  /** The one metrics registry of the process, served by the admin server at /metrics. */
  readonly prometheus: PrometheusExporter;
  /** Flushes pending spans and stops the SDK; safe to call more than once. */
  shutdown(): Promise<void>;
}

// Kept on globalThis so a second copy of this module (tests, bundlers) sees the same SDK.
const GLOBAL_KEY = Symbol.for('shop.platform.telemetry');
type GlobalWithTelemetry = typeof globalThis & { [GLOBAL_KEY]?: Telemetry };

/** The running telemetry, if started. */
export function getTelemetry(): Telemetry | undefined {
  return (globalThis as GlobalWithTelemetry)[GLOBAL_KEY];
}

/**
 * Starts the OpenTelemetry NodeSDK once per process: W3C trace-context + baggage
 * propagation and a parent-based ratio sampler, OTLP/HTTP trace export only
 * when an endpoint is configured, and a Prometheus reader that never opens its
 * own port: the admin server serves it.
 */
export function startTelemetry(settings: TelemetrySettings = telemetrySettingsFromEnv()): Telemetry {
  const existing = getTelemetry();
  if (existing) return existing;

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': settings.serviceName,
      'service.version': settings.serviceVersion,
    }),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.samplerRatio) }),
    spanProcessors: [spanProcessor(settings)],
    metricReaders: [prometheus],
    views: METRIC_VIEWS,
    // Logs go to stdout as JSON lines; no OTLP log exporter.
    logRecordProcessors: [],
    instrumentations: createInstrumentations(settings),
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  const telemetry: Telemetry = {
    settings,
    prometheus,
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
  (globalThis as GlobalWithTelemetry)[GLOBAL_KEY] = telemetry;
  return telemetry;
}

// Without an endpoint spans are still created (so logs and problem details carry
// a trace id and the context propagates downstream) but dropped, not exported.
function spanProcessor(settings: TelemetrySettings): SpanProcessor {
  if (!settings.otlpEndpoint) return new NoopSpanProcessor();
  const url = `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
  return new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url, timeoutMillis: 5_000 }) });
}
