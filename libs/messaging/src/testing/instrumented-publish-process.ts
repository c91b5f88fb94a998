/**
 * Publishes one envelope through KafkaEventPublisher in a process where
 * instrumentation-kafkajs is active (as the platform's telemetry enables it), to
 * prove the recorded trace context survives the transport. Env: TOPIC,
 * TRACEPARENT, KAFKA_BROKERS. Spawned by kafka-event-publisher.int-spec.ts as
 * `node dist/libs/messaging/src/testing/instrumented-publish-process.js`.
 */
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NodeSDK } from '@opentelemetry/sdk-node';

process.env['OTEL_TRACES_EXPORTER'] = 'none';
process.env['OTEL_METRICS_EXPORTER'] = 'none';
process.env['OTEL_LOGS_EXPORTER'] = 'none';
const sdk = new NodeSDK({
  autoDetectResources: false,
  instrumentations: [new KafkaJsInstrumentation()],
  spanProcessors: [
    {
      onStart: () => undefined,
      onEnd: () => undefined,
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    },
  ],
});
// Before kafkajs is loaded: the instrumentation patches it on require.
sdk.start();

async function main(): Promise<void> {
  const { createTestKafka } = await import('./test-kafka');
  const { createIdempotentProducer } = await import('../kafka/kafka-client.factory');
  const { KafkaEventPublisher } = await import('../kafka/kafka-event-publisher.adapter');
  const { buildEnvelope } = await import('../envelope/build-envelope');
  const producer = createIdempotentProducer(createTestKafka('instrumented-publish'));
  await producer.connect();
  try {
    const traceparent = process.env['TRACEPARENT'] ?? '';
    const envelope = buildEnvelope(
      { type: 'shop.test.traced.v1', subject: 'agg-1', data: {} },
      { source: 'test', trace: { traceparent } },
    );
    await new KafkaEventPublisher(producer).publish([{ topic: process.env['TOPIC'] ?? '', envelope }]);
  } finally {
    await producer.disconnect();
    await sdk.shutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`instrumented publish failed: ${String(error)}\n`);
  process.exitCode = 1;
});
