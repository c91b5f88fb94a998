import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '@shop/contracts';

import { endingSpan, extractTraceContext } from '../envelope/trace-context';
import type { ConsumeOutcome } from './consumer-metrics';

export interface ConsumedAt {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly consumer: string;
}

/**
 * Runs `work` in a CONSUMER span whose parent is the producer's trace context
 * from the message headers, so the handler's queries - and any event it
 * appends to its own outbox - continue the producer's trace.
 */
export function withConsumerSpan(
  envelope: EventEnvelope,
  at: ConsumedAt,
  work: () => Promise<ConsumeOutcome>,
): Promise<ConsumeOutcome> {
  const tracer = trace.getTracer('shop-messaging');
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': at.topic,
    'messaging.destination.partition.id': String(at.partition),
    'messaging.consumer.group.name': at.consumer,
    'messaging.message.id': envelope.id,
    'messaging.kafka.offset': Number(at.offset),
    'cloudevents.event_type': envelope.type,
  };
  const parent = extractTraceContext(envelope);
  return tracer.startActiveSpan(
    `process ${at.topic}`,
    { kind: SpanKind.CONSUMER, attributes },
    parent,
    (span) =>
      endingSpan(span, async () => {
        const outcome = await work();
        span.setAttribute('shop.messaging.outcome', outcome);
        if (outcome === 'dead-lettered')
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
        return outcome;
      }),
  );
}
