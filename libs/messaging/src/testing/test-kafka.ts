import { randomBytes } from 'node:crypto';

import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';

import { createKafkaClient } from '../kafka/kafka-client.factory';

export const TEST_BROKERS = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

/**
 * Silent unless TEST_LOG_LEVEL is set: several tests provoke failures on
 * purpose (missing topic, throwing handlers) whose error logs would bury the
 * results. Run with TEST_LOG_LEVEL=debug to see everything.
 */
export const quietLogger = () => pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

/** A unique, convention-shaped name per test run: `<prefix>-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function createTestKafka(clientId: string): Kafka {
  return createKafkaClient(
    { brokers: TEST_BROKERS, clientId, connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 },
    clientId,
    quietLogger(),
  );
}

export interface Received {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly receivedAt: number;
}

/** Reads topics from the beginning with a throwaway group; collects everything it sees. */
export class TopicCollector {
  readonly received: Received[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topics: readonly string[],
  ) {
    this.consumer = kafka.consumer({ groupId: uniqueName('test-collector'), maxWaitTimeInMs: 100 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.received.push({ topic, partition, message, receivedAt: Date.now() });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
