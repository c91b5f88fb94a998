import { isSpanContextValid, trace, type SpanContext } from '@opentelemetry/api';

/**
 * W3C Trace Context Level 2 `traceresponse` header: the server span of this
 * request, in `traceparent` format (`00-<trace-id>-<span-id>-<flags>`). A
 * client - curl, a test, a support ticket - gets the trace id of every
 * response, successes included, and can open that trace in Jaeger; error
 * bodies carry the same id as `traceId`.
 */
export const TRACE_RESPONSE_HEADER = 'traceresponse';

/** `00-<trace-id>-<span-id>-<flags>`, or undefined without a valid span context. */
export function formatTraceResponse(spanContext: SpanContext | undefined): string | undefined {
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** The `traceresponse` value for the active span (the HTTP server span inside a request). */
export function currentTraceResponse(): string | undefined {
  return formatTraceResponse(trace.getActiveSpan()?.spanContext());
}
