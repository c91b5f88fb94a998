import { context, createContextKey, trace, TraceFlags } from '@opentelemetry/api';

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

/**
 * Captures the active trace now and returns a runner of `work` in that trace, marked not
 * sampled. For a loop that repeats one remote call under one request: the gateway's order
 * timeline polls GetOrder every 400 ms for up to 2 minutes, and recorded, each poll would be
 * a client span and a server span in the stream's trace, hundreds of the same read.
 * `withTracingSuppressed` would not do: it sends no `traceparent`, so the callee would start
 * a new root trace for every call. Unsampled, the `traceparent` still travels (flags 00): the
 * callee's ParentBasedSampler records nothing, and both sides' logs keep the trace id.
 */
export function unsampledInActiveTrace(): <T>(work: () => Promise<T>) => Promise<T> {
  const active = context.active();
  const spanContext = trace.getSpanContext(active);
  const unsampled = spanContext
    ? trace.setSpanContext(active, {
        ...spanContext,
        traceFlags: spanContext.traceFlags & ~TraceFlags.SAMPLED,
      })
    : active;
  return (work) => context.with(unsampled, work);
}
