import { Global, Inject, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { withTracingSuppressed } from '@shop/platform';
import { NestFactory } from '@nestjs/core';
import { context, propagation, SpanKind, trace, type SpanContext } from '@opentelemetry/api';
import type { EventEnvelope } from '@shop/contracts';
import type { Admin } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';

import { KafkaHealthCheck } from '../kafka/kafka-health-check';
import { EVENT_PUBLISHER } from '../messaging.constants';
import { OutboxWriter } from '../outbox/outbox-writer';
import type { EventHandler } from '../ports/event-handler.port';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createTestKafka, quietLogger, TEST_BROKERS, uniqueName } from '../testing/test-kafka';
import { installTestTracing, type TestTracing } from '../testing/test-tracing';
import { MessagingModule } from './messaging.module';
import { waitUntil } from '@shop/testing';

const TYPE = 'shop.test.order-placed.v1';
const FOLLOW_UP_TYPE = 'shop.test.payment-requested.v1';
const SERVICE = 'nesttest';
const topic = `${uniqueName('test.nest')}.v1`;
const followUpTopic = `${uniqueName('test.nest-follow-up')}.v1`;

/** A handler provided by an app module, injecting from it: looked up app-wide by MessagingModule. */
@Injectable()
class OrderPlacedHandler implements EventHandler<{ orderId: string }> {
  readonly seenSpans: SpanContext[] = [];
  constructor(@Inject(OutboxWriter) private readonly outbox: OutboxWriter) {}

  async handle(event: EventEnvelope<{ orderId: string }>, tx: EntityManager) {
    const span = trace.getActiveSpan();
    if (!span) throw new Error('handler ran outside a span (P20)');
    this.seenSpans.push(span.spanContext());
    await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, event.data.orderId]);
    // Its follow-up event goes through the outbox in the same transaction (outbox and inbox in one step).
    await this.outbox.append(tx, {
      topic: followUpTopic,
      type: FOLLOW_UP_TYPE,
      subject: event.subject,
      data: event.data,
    });
  }
}

describe('MessagingModule wiring (NestJS) against real Postgres and Kafka', () => {
  const groupId = uniqueName('nest-test');
  let tracing: TestTracing;
  let db: TestDatabase;
  let app: INestApplicationContext;
  let admin: Admin;

  beforeAll(async () => {
    tracing = installTestTracing(SERVICE);
    db = await createTestDatabase();
    await db.dataSource.query(
      'CREATE TABLE effects (id serial PRIMARY KEY, event_id uuid NOT NULL, note text NOT NULL)',
    );
    admin = createTestKafka('nest-int-spec-admin').admin();
    await admin.connect();

    // Stands in for the platform's DatabaseModule: the global DataSource MessagingModule injects.
    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: db.dataSource }], exports: [DataSource] })
    class TestDatabaseModule {}

    @Module({
      imports: [
        TestDatabaseModule,
        MessagingModule.forRootAsync({
          useFactory: () => ({
            serviceName: SERVICE,
            kafka: { brokers: TEST_BROKERS, connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 },
            topics: [{ topic }, { topic: followUpTopic }],
            topicDefaults: { partitions: 2, retentionMs: 3_600_000 },
            outbox: { enabled: true, pollIntervalMs: 500 },
            consumers: [
              { groupId, topics: [topic], handlers: { [TYPE]: OrderPlacedHandler }, maxAttempts: 3 },
            ],
            logger: quietLogger(),
          }),
        }),
      ],
      providers: [OrderPlacedHandler],
    })
    class AppModule {}

    app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await admin?.deleteTopics({ topics: [topic, `${topic}.dlt`, followUpTopic] }).catch(() => undefined);
    await admin?.disconnect();
    await db?.drop();
    await tracing?.shutdown();
  });

  it("creates the produced topics and the consumed topic's DLT at start", async () => {
    const topics = await admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([topic, followUpTopic, `${topic}.dlt`]));
  });

  it('exposes a working KafkaHealthCheck and the EventPublisher port', async () => {
    await expect(app.get(KafkaHealthCheck).check()).resolves.toBeUndefined();
    expect(app.get(EVENT_PUBLISHER)).toHaveProperty('publish');
  });

  it('P09+P10+P20: an event appended in a traced transaction reaches the handler in the same trace', async () => {
    const writer = app.get(OutboxWriter);
    const tracer = trace.getTracer('test');
    const { envelope, producer } = await tracer.startActiveSpan('place order', async (span) => {
      const appended = await db.dataSource.transaction((tx) =>
        writer.append(tx, { topic, type: TYPE, subject: 'order-7', data: { orderId: 'order-7' } }),
      );
      span.end();
      return { envelope: appended, producer: span.spanContext() };
    });
    expect(envelope.traceparent).toBe(`00-${producer.traceId}-${producer.spanId}-01`);
    const [row] = await db.dataSource.query('SELECT headers FROM outbox WHERE event_id = $1', [envelope.id]);
    expect(row.headers.traceparent).toBe(envelope.traceparent);

    await waitUntil(
      async () => {
        const rows = await db.dataSource.query('SELECT note FROM effects WHERE event_id = $1', [envelope.id]);
        return rows.length === 1;
      },
      { description: 'the handler effect' },
    );
    const consumerSpan = await waitUntil(
      () => tracing.ended.find((span) => span.kind === SpanKind.CONSUMER && span.name === `process ${topic}`),
      { description: 'the consumer span' },
    );
    // The consumer span continues the producer's trace, parented on the span that recorded the event.
    expect(consumerSpan.spanContext().traceId).toBe(producer.traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producer.spanId);
    // And the handler ran inside it (its queries and appended events join that trace).
    expect(app.get(OrderPlacedHandler).seenSpans).toEqual([consumerSpan.spanContext()]);
    // Its follow-up event carries the consumer span as parent: the trace survives a second async hop.
    const consumed = consumerSpan.spanContext();
    const [followUp] = await db.dataSource.query('SELECT headers FROM outbox WHERE event_type = $1', [
      FOLLOW_UP_TYPE,
    ]);
    expect(followUp.headers.traceparent).toBe(`00-${consumed.traceId}-${consumed.spanId}-01`);
    await waitUntil(
      async () => {
        const [published] = await db.dataSource.query(
          'SELECT published_at FROM outbox WHERE event_type = $1',
          [FOLLOW_UP_TYPE],
        );
        return published.published_at !== null;
      },
      { description: 'the follow-up published by the relay' },
    );
  });

  it('P20: inside withTracingSuppressed, auto-instrumentation cannot replace the recorded traceparent', async () => {
    const recorded = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    // What instrumentation-kafkajs does per message: start a producer span, inject it into the headers.
    const headers = await withTracingSuppressed(async () => {
      const carrier: Record<string, string> = { traceparent: recorded };
      const span = trace.getTracer('instrumentation-kafkajs').startSpan('send');
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      span.end();
      return { carrier, recording: span.isRecording() };
    });
    expect(headers).toEqual({ carrier: { traceparent: recorded }, recording: false });
    // Outside it, the same code would overwrite the header (the failure this guards against).
    const carrier: Record<string, string> = { traceparent: recorded };
    const span = trace.getTracer('instrumentation-kafkajs').startSpan('send');
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    span.end();
    expect(carrier.traceparent).not.toBe(recorded);
  });

  it('P07: close() stops consumers and relay, releasing the relay lock and its connection', async () => {
    const relaySessions = async () =>
      (
        await db.dataSource.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
          [`${SERVICE}-outbox-relay`],
        )
      )[0].n;
    expect(await relaySessions()).toBe(1);
    await app.close();
    const [{ locks }] = await db.dataSource.query(
      "SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(locks).toBe(0);
    await waitUntil(async () => (await relaySessions()) === 0, {
      description: 'the relay session to end',
      timeoutMs: 5_000,
    });
  });
});
