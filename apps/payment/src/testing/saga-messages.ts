import { randomBytes, randomUUID } from 'node:crypto';
import {
  PaymentAuthorizedEventV1,
  PaymentCapturedEventV1,
  PaymentFailedEventV1,
  PaymentRefundedEventV1,
  PaymentTopics,
  type EventEnvelope,
} from '@shop/contracts';
import {
  buildEnvelope,
  createKafkaClient,
  deadLetterTopic,
  fromKafkaMessage,
  prefixedTopic,
  toKafkaMessage,
} from '@shop/messaging';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import { waitUntil } from '@shop/testing';

export const TEST_BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

export interface Received {
  readonly topic: string;
  readonly envelope: EventEnvelope<Record<string, unknown>>;
}

/** What payment publishes: the saga's replies and its facts. */
const PRODUCED = [
  PaymentTopics.replies,
  PaymentAuthorizedEventV1.topic,
  PaymentCapturedEventV1.topic,
  PaymentFailedEventV1.topic,
  PaymentRefundedEventV1.topic,
];

/**
 * Plays the order service's side of the saga on Kafka, in the test's namespace
 * (`topicPrefix`, the KAFKA_TOPIC_PREFIX of the payment it talks to): sends commands
 * to the commands topic (as order's outbox relay would) and collects everything
 * payment publishes (replies and facts). Tests name the contracts' topics.
 */
export class SagaMessages {
  readonly received: Received[] = [];
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly consumer: Consumer;

  constructor(private readonly topicPrefix: string) {
    this.kafka = createKafkaClient(
      {
        brokers: TEST_BROKERS,
        clientId: 'payment-int-spec',
        connectionTimeoutMs: 3_000,
        requestTimeoutMs: 10_000,
      },
      'payment-int-spec',
      pino({ level: 'silent' }),
    );
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    this.consumer = this.kafka.consumer({
      groupId: `payment-int-spec-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 100,
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: PRODUCED.map((topic) => this.topic(topic)),
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.received.push({ topic, envelope: fromKafkaMessage(message) as Received['envelope'] });
      },
    });
  }

  /** Sends a command; returns its envelope (resend it to simulate a redelivery). */
  async send(type: string, orderId: string, data: unknown, traceparent?: string): Promise<EventEnvelope> {
    const envelope = {
      ...buildEnvelope({ type, subject: orderId, data }, { source: 'order' }),
      ...(traceparent ? { traceparent } : {}),
    };
    await this.resend(envelope);
    return envelope;
  }

  async resend(envelope: EventEnvelope): Promise<void> {
    await this.producer.send({
      topic: this.topic(PaymentTopics.commands),
      messages: [toKafkaMessage(envelope)],
    });
  }

  /** Messages for one order on one (contract) topic, optionally of one type. */
  for(orderId: string, topic: string, type?: string): Received[] {
    return this.received.filter(
      (r) =>
        r.topic === this.topic(topic) &&
        r.envelope.subject === orderId &&
        (type === undefined || r.envelope.type === type),
    );
  }

  async next(
    orderId: string,
    topic: string,
    type: string,
    count = 1,
    timeoutMs?: number,
  ): Promise<Received[]> {
    return waitUntil(
      () => {
        const found = this.for(orderId, topic, type);
        return found.length >= count ? found : undefined;
      },
      { description: `${count} x ${type} for order ${orderId}`, timeoutMs },
    );
  }

  private topic(name: string): string {
    return prefixedTopic(this.topicPrefix, name);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    const topics = [PaymentTopics.commands, ...PRODUCED, deadLetterTopic(PaymentTopics.commands)];
    await admin.deleteTopics({ topics: topics.map((topic) => this.topic(topic)) }).catch(() => undefined);
    await admin.disconnect();
  }
}

export const newOrderId = (): string => randomUUID();
export const newTraceparent = (): string =>
  `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
