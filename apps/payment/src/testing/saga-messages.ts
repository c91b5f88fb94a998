import { randomBytes, randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@shop/contracts';
import { buildEnvelope, createKafkaClient, fromKafkaMessage, toKafkaMessage } from '@shop/messaging';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import type { PaymentTopicNames } from '../payment-topics';
import { waitUntil } from '@shop/testing';

export const TEST_BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

/** Private topics per test run: `<prefix>.<name>.v1`, prefix `test.payment-<random>` by default. */
export function privateTopics(prefix = `test.payment-${randomBytes(5).toString('hex')}`): PaymentTopicNames {
  return {
    commands: `${prefix}.commands.v1`,
    replies: `${prefix}.replies.v1`,
    authorized: `${prefix}.authorized.v1`,
    captured: `${prefix}.captured.v1`,
    failed: `${prefix}.failed.v1`,
    refunded: `${prefix}.refunded.v1`,
  };
}

export interface Received {
  readonly topic: string;
  readonly envelope: EventEnvelope<Record<string, unknown>>;
}

/**
 * Plays the order service's side of the saga on Kafka: sends commands to the
 * commands topic (as order's outbox relay would) and collects everything
 * payment publishes (replies and facts).
 */
export class SagaMessages {
  readonly received: Received[] = [];
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly consumer: Consumer;

  constructor(private readonly topics: PaymentTopicNames) {
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
    const { commands: _commands, ...produced } = this.topics;
    await this.consumer.subscribe({ topics: Object.values(produced), fromBeginning: true });
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
    await this.producer.send({ topic: this.topics.commands, messages: [toKafkaMessage(envelope)] });
  }

  /** Messages for one order on one topic, optionally of one type. */
  for(orderId: string, topic: string, type?: string): Received[] {
    return this.received.filter(
      (r) =>
        r.topic === topic &&
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

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    const topics = Object.values(this.topics);
    await admin.deleteTopics({ topics: [...topics, `${this.topics.commands}.dlt`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

export const newOrderId = (): string => randomUUID();
export const newTraceparent = (): string =>
  `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
