import { context, createContextKey } from '@opentelemetry/api';

// The very key @opentelemetry/core's suppressTracing() sets: createContextKey is
// Symbol.for(description), so every copy of the OTel SDK recognises it.
const SUPPRESS_TRACING = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * Runs `work` with tracing suppressed. Used around Kafka sends and polling
 * loops (the outbox relay, the job worker): auto-instrumentation
 * (instrumentation-kafkajs, -pg) then starts no spans and injects no
 * `traceparent` of its own, so the trace context recorded in an envelope is the
 * one that travels, and polling does not flood the tracing backend with a
 * root span per query.
 */
export function withTracingSuppressed<T>(work: () => Promise<T>): Promise<T> {
  return context.with(context.active().setValue(SUPPRESS_TRACING, true), work);
}
