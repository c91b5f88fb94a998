import type { SpanContext, SpanKind } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** What the test span processor keeps of an ended span (structural: no SDK internals imported). */
export interface EndedSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext?: SpanContext;
  spanContext(): SpanContext;
}

export interface TestTracing {
  readonly ended: EndedSpan[];
  shutdown(): Promise<void>;
}

/**
 * What the platform does at start-up - W3C propagator, AsyncLocalStorage
 * context manager, tracer provider - with ended spans kept in memory and
 * no exporter of any signal talking to the network.
 */
export function installTestTracing(serviceName: string): TestTracing {
  process.env['OTEL_TRACES_EXPORTER'] = 'none';
  process.env['OTEL_METRICS_EXPORTER'] = 'none';
  process.env['OTEL_LOGS_EXPORTER'] = 'none';
  const ended: EndedSpan[] = [];
  const sdk = new NodeSDK({
    serviceName,
    autoDetectResources: false,
    instrumentations: [],
    spanProcessors: [
      {
        onStart: () => undefined,
        onEnd: (span: EndedSpan) => void ended.push(span),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  sdk.start();
  return { ended, shutdown: () => sdk.shutdown() };
}
