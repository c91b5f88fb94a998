import type { Admin, Kafka, Producer } from 'kafkajs';

import { createIdempotentProducer } from '../kafka/kafka-client.factory';
import { KafkaEventPublisher } from '../kafka/kafka-event-publisher.adapter';
import { fromKafkaMessage } from '../kafka/kafka-message.mapper';
import { TopicAdmin } from '../kafka/topic-admin';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { OutboxRelayOptions } from '../outbox/outbox-relay.options';
import { OutboxWriter } from '../outbox/outbox-writer';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestKafka, quietLogger, TopicCollector, uniqueName } from './test-kafka';

export const RELAY_TEST_SERVICE = 'relaytest';
export const RELAY_TEST_TYPE = 'shop.test.happened.v1';

/** Per-test resources of the relay integration tests: a fresh database, Kafka clients, cleanup of everything. */
export class RelayTestFixture {
  db!: TestDatabase;
  kafka!: Kafka;
  producer!: Producer;
  admin!: Admin;
  topicAdmin!: TopicAdmin;
  readonly writer = new OutboxWriter({ serviceName: RELAY_TEST_SERVICE });
  private readonly relays: OutboxRelay[] = [];
  private readonly collectors: TopicCollector[] = [];
  private readonly topics: string[] = [];

  async setUp(): Promise<void> {
    this.db = await createTestDatabase();
    this.kafka = createTestKafka('relay-int-spec');
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.topicAdmin = new TopicAdmin(this.admin, { partitions: 3, retentionMs: 3_600_000 }, quietLogger());
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.relays.splice(0).map((relay) => relay.stop()));
    await Promise.all(this.collectors.splice(0).map((collector) => collector.stop()));
    await this.producer.disconnect();
    await this.admin.deleteTopics({ topics: this.topics.splice(0) }).catch(() => undefined);
    await this.admin.disconnect();
    await this.db.drop();
  }

  /** A unique topic name, deleted at tear-down (create it with `topicAdmin`). */
  newTopic(prefix: string): string {
    const topic = `${uniqueName(prefix)}.v1`;
    this.topics.push(topic);
    return topic;
  }

  startRelay(options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay(new KafkaEventPublisher(this.producer), quietLogger(), {
      serviceName: RELAY_TEST_SERVICE,
      connection: { connectionString: this.db.url, connectionTimeoutMillis: 3_000 },
      publishBackoff: { baseMs: 50, maxMs: 200, jitter: 'equal' },
      ...options,
    });
    this.relays.push(relay);
    relay.start();
    return relay;
  }

  async collect(topic: string): Promise<TopicCollector> {
    const collector = new TopicCollector(this.kafka, [topic]);
    this.collectors.push(collector);
    await collector.start();
    return collector;
  }

  appendCommitted(topic: string, subject: string, data: unknown) {
    return this.db.dataSource.transaction((tx) =>
      this.writer.append(tx, { topic, type: RELAY_TEST_TYPE, subject, data }),
    );
  }

  async unpublishedCount(): Promise<number> {
    const [row] = await this.db.dataSource.query(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    return row.n;
  }
}

export const receivedIds = (collector: TopicCollector) =>
  collector.received.map((r) => fromKafkaMessage(r.message).id);

/** p-th percentile (0..1) of an ascending array. */
export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
