import type { EventEnvelope } from '@shop/contracts';
import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import type { EntityManager } from 'typeorm';

import { DeadLetterPublisher } from '../kafka/dead-letter-publisher';
import { KafkaConsumerRunner, type ConsumerRunnerOptions } from '../kafka/kafka-consumer-runner';
import { buildEnvelope } from '../envelope/build-envelope';
import { createIdempotentProducer } from '../kafka/kafka-client.factory';
import { TopicAdmin } from '../kafka/topic-admin';
import { deadLetterTopic, topicsToEnsure } from '../kafka/topic-spec';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestKafka, quietLogger, TopicCollector, uniqueName } from './test-kafka';
import { installTestMetrics, type TestMetrics } from './test-metrics';

/** The handlers' observable effect: a row written through the handler's transaction. */
export const recordEffect = (tx: EntityManager, event: EventEnvelope, note: string) =>
  tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, note]);

/**
 * Resources of the consumer integration tests: a fresh database with an
 * `effects` table, a topic (3 partitions) and its DLT (collected), a producer,
 * an SDK MeterProvider, and runners built with fast test retry settings.
 */
export class ConsumerTestFixture {
  readonly topic = `${uniqueName('test.consumer')}.v1`;
  readonly groupId = uniqueName('consumer-test');
  db!: TestDatabase;
  kafka!: Kafka;
  producer!: Producer;
  admin!: Admin;
  metrics!: TestMetrics;
  dlt!: TopicCollector;
  private readonly topics = [this.topic, deadLetterTopic(this.topic)];
  private readonly runners: KafkaConsumerRunner[] = [];

  async setUp(): Promise<void> {
    this.metrics = installTestMetrics();
    this.db = await createTestDatabase();
    await this.db.dataSource.query(
      'CREATE TABLE effects (id serial PRIMARY KEY, event_id uuid NOT NULL, note text NOT NULL)',
    );
    this.kafka = createTestKafka('consumer-int-spec');
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.createTopics(topicsToEnsure([{ topic: this.topic }], [this.topic]), 3);
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
    this.dlt = new TopicCollector(this.kafka, [deadLetterTopic(this.topic)]);
    await this.dlt.start();
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.dlt?.stop();
    await this.producer?.disconnect();
    await this.admin?.deleteTopics({ topics: this.topics }).catch(() => undefined);
    await this.admin?.disconnect();
    await this.db?.drop();
    await this.metrics?.uninstall();
  }

  /** A further topic (deleted at tear-down). */
  async newTopic(prefix: string, partitions: number): Promise<string> {
    const topic = `${uniqueName(prefix)}.v1`;
    this.topics.push(topic);
    await this.createTopics([{ topic }], partitions);
    return topic;
  }

  /** A started runner on the fixture's topic and group unless overridden; stopped at tear-down. */
  async startRunner(options: Partial<ConsumerRunnerOptions> & Pick<ConsumerRunnerOptions, 'handlers'>) {
    const runner = new KafkaConsumerRunner(
      this.kafka,
      this.db.dataSource,
      new DeadLetterPublisher(this.producer),
      quietLogger(),
      {
        groupId: this.groupId,
        topics: [this.topic],
        retryBackoff: { baseMs: 10, maxMs: 50, jitter: 'equal' },
        ...options,
      },
    );
    this.runners.push(runner);
    await runner.start();
    return runner;
  }

  envelope(type: string, data: unknown = {}): EventEnvelope {
    return buildEnvelope({ type, subject: 'agg-1', data }, { source: 'test' });
  }

  async produce(messages: Message[], topic = this.topic): Promise<void> {
    await this.producer.send({ topic, messages, acks: -1 });
  }

  /** True once the group's committed offsets reached the end of every partition (commit after effect). */
  async caughtUp(groupId = this.groupId, topic = this.topic): Promise<boolean> {
    const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await this.admin.fetchTopicOffsets(topic);
    return ends.every(({ partition, high }) => {
      const offset = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      return high === '0' || offset === high;
    });
  }

  async effects(eventId: string): Promise<string[]> {
    const rows: Array<{ note: string }> = await this.db.dataSource.query(
      'SELECT note FROM effects WHERE event_id = $1 ORDER BY id',
      [eventId],
    );
    return rows.map((row) => row.note);
  }

  async inboxRows(eventId: string): Promise<number> {
    const [row] = await this.db.dataSource.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [
      eventId,
    ]);
    return row.n;
  }

  private async createTopics(specs: Array<{ topic: string }>, partitions: number): Promise<void> {
    await new TopicAdmin(this.admin, { partitions, retentionMs: 3_600_000 }, quietLogger()).ensureTopics(
      specs,
    );
  }
}
