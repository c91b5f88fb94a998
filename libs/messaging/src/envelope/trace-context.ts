import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/** The W3C trace context fields an envelope carries. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/**
 * Captures the active trace context as W3C `traceparent`/`tracestate` through
 * the globally registered propagator (the platform registers W3C trace context;
 * with none registered the API is a no-op and nothing is captured).
 */
export function captureTraceContext(from: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  const captured: TraceCarrier = {};
  if (carrier['traceparent']) captured.traceparent = carrier['traceparent'];
  if (carrier['tracestate']) captured.tracestate = carrier['tracestate'];
  return captured;
}

// W3C Trace Context: `<version>-<trace id: 32 hex>-<parent id: 16 hex>-<flags>`, e.g. `00-4bf9...-00f0...-01`.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace id a carrier names, to show or to link (a tracing backend's /trace/<id>);
 * undefined when it names none, or an invalid one (all zeros, or version ff).
 */
export function traceIdOf(carrier: TraceCarrier): string | undefined {
  const [, version, traceId] = carrier.traceparent?.match(TRACEPARENT) ?? [];
  if (version === 'ff' || traceId === undefined || /^0+$/.test(traceId)) return undefined;
  return traceId;
}

/**
 * The context a consumer span is parented on: the producer's trace context from
 * the message, so the asynchronous hop stays in one trace. Starts from
 * ROOT_CONTEXT, never from whatever happens to be active in the Kafka callback.
 */
export function extractTraceContext(carrier: TraceCarrier): Context {
  const fields: Record<string, string> = {};
  if (carrier.traceparent) fields['traceparent'] = carrier.traceparent;
  if (carrier.tracestate) fields['tracestate'] = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, fields);
}

/**
 * Runs `work` in a span that continues a recorded trace: for work a service does
 * later on its own, with no message to carry the context (a saga's step
 * deadline firing in a periodic job). Without it, that work would start a new,
 * orphan trace and the order's story would break in two.
 */
export function withContinuedTrace<T>(
  carrier: TraceCarrier,
  spanName: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer('shop-messaging');
  return tracer.startActiveSpan(spanName, { attributes }, extractTraceContext(carrier), (span) =>
    endingSpan(span, work),
  );
}

/** Runs `work` and ends `span` however it ends; a failure is recorded on the span and rethrown. */
export async function endingSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
