import { context, defaultTextMapSetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { isTracingSuppressed, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  StackContextManager,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { unsampledInActiveTrace, withTracingSuppressed } from './suppress-tracing';

// The two ways to keep repeated work out of traces, with the SDK's own tracer, sampler and
// W3C propagator: what a callee would receive, and whether anything is recorded.
describe('keeping repeated work out of traces', () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter }); // exports each span as it ends
  const tracer = new TracerProvider({
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [processor],
  }).getTracer('test');
  const propagator = new W3CTraceContextPropagator();
  /** The `traceparent` a call made now would carry to the callee. */
  const outgoingTraceparent = () => {
    const carrier: Record<string, string> = {};
    propagator.inject(context.active(), carrier, defaultTextMapSetter);
    return carrier['traceparent'];
  };
  /** What an instrumented client call does: a span of its own, its context injected. */
  const clientCall = () => {
    const span = tracer.startSpan('GetOrder');
    const sent = context.with(trace.setSpan(context.active(), span), outgoingTraceparent);
    span.end();
    return { recording: span.isRecording(), traceparent: sent };
  };

  beforeAll(() => context.setGlobalContextManager(new StackContextManager().enable()));
  afterAll(() => context.disable());
  beforeEach(() => exporter.reset());

  it('unsampledInActiveTrace: the request trace travels with flags 00, and no span is recorded', async () => {
    const request = tracer.startSpan('GET /v1/orders/:orderId/timeline');
    const { traceId } = request.spanContext();
    const inPoll = context.with(trace.setSpan(ROOT_CONTEXT, request), () => unsampledInActiveTrace());

    const poll = await inPoll(async () => clientCall());

    expect(poll.recording).toBe(false);
    expect(poll.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    // The callee's parent-based sampler follows the flag: it records nothing either.
    const callee = propagator.extract(
      ROOT_CONTEXT,
      { traceparent: poll.traceparent },
      {
        get: (carrier, key) => carrier[key],
        keys: (carrier) => Object.keys(carrier),
      },
    );
    expect(tracer.startSpan('server', {}, callee).isRecording()).toBe(false);

    // The request's own span is untouched: still sampled, and recorded when it ends.
    const first = context.with(trace.setSpan(ROOT_CONTEXT, request), clientCall);
    expect(first.traceparent).toMatch(/-01$/);
    request.end();
    await processor.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      'GetOrder',
      'GET /v1/orders/:orderId/timeline',
    ]);
  });

  it('withTracingSuppressed: no span and no traceparent at all (a callee would start its own trace)', async () => {
    const request = tracer.startSpan('claim loop');
    const call = await context.with(trace.setSpan(ROOT_CONTEXT, request), () =>
      withTracingSuppressed(async () => {
        expect(isTracingSuppressed(context.active())).toBe(true);
        return clientCall();
      }),
    );
    expect(call).toEqual({ recording: false, traceparent: undefined });
  });
});
