import { randomBytes, randomUUID } from 'node:crypto';
import {
  NotificationDeadLetteredV1,
  OrderCancelledV1,
  OrderConfirmedV1,
  PaymentFailedEventV1,
  UserRegisteredV1,
  type EventEnvelope,
} from '@shop/contracts';
import {
  buildEnvelope,
  createIdempotentProducer,
  createKafkaClient,
  deadLetterTopic,
  prefixedTopic,
  toKafkaMessage,
} from '@shop/messaging';
import { applyMigrations, type ApplyMigrationsOptions } from '@shop/platform';
import { inProcess, type InProcessService } from '@shop/platform/testing';
import { ScratchDatabase, testLogger, uniqueAddress } from '@shop/testing';
import type { Kafka, Producer } from 'kafkajs';
import { notificationService } from '../notification.service';
import type { NotificationConfig } from '../notification.config';
import { notificationMigrations } from '../persistence/migrations';

// LOCAL DEMO DEFAULTS of scripts/infra (the same as deploy/local).
export const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
export const SMTP = { host: '127.0.0.1', port: Number(process.env['MAILPIT_SMTP_PORT'] ?? 1025) };

/**
 * A scratch database owned by notification_svc (like notification_db, so the
 * grants are the real ones), with `migrations` (by default every one) applied.
 * Tests never touch notification_db: the running system's sender would race theirs.
 */
export async function createNotificationTestDatabase(
  migrations: ApplyMigrationsOptions['migrations'] = notificationMigrations,
): Promise<ScratchDatabase> {
  const db = await ScratchDatabase.create({ prefix: 'notification_it', owner: 'notification' });
  await migrateNotificationDatabase(db, migrations);
  return db;
}

/** Applies (further) migrations, e.g. the last one after a test wrote rows the old schema's way. */
export async function migrateNotificationDatabase(
  db: ScratchDatabase,
  migrations: ApplyMigrationsOptions['migrations'],
): Promise<void> {
  await applyMigrations({ url: db.url, migrations, logger: testLogger() });
}

/** Every topic notification uses, with their dead-letter topics, in the Kafka namespace `topicPrefix`. */
export const allTopics = (topicPrefix: string): string[] => {
  const topics = [
    UserRegisteredV1.topic,
    OrderConfirmedV1.topic,
    OrderCancelledV1.topic,
    PaymentFailedEventV1.topic,
    NotificationDeadLetteredV1.topic,
  ];
  return [...topics, ...topics.map(deadLetterTopic)].map((topic) => prefixedTopic(topicPrefix, topic));
};

export type NotificationUnderTest = InProcessService<NotificationConfig>;

/** The real service (NotificationAppModule, runService) in this process, on the given ports. */
export function startNotificationService(options: {
  db: ScratchDatabase;
  /** The KAFKA_TOPIC_PREFIX of this instance: it never consumes the running system's events, nor they its. */
  topicPrefix: string;
  grpcPort: number;
  adminPort: number;
  env?: Record<string, string>;
}): Promise<NotificationUnderTest> {
  return inProcess({
    ...notificationService,
    env: {
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
      ADMIN_PORT: String(options.adminPort),
      GRPC_PORT: String(options.grpcPort),
      DATABASE_URL: options.db.url,
      DB_POOL_MAX: '4',
      KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      KAFKA_TOPIC_PARTITIONS: '2',
      KAFKA_TOPIC_RETENTION_MS: '3600000',
      SMTP_HOST: SMTP.host,
      SMTP_PORT: String(SMTP.port),
      NOTIFICATION_POLL_INTERVAL_MS: '200',
      ...options.env,
    },
  });
}

/** Produces events the way the other services' relays do (CloudEvents binary mode, keyed by subject). */
export class EventProducer {
  private readonly kafka: Kafka;
  private readonly producer: Producer;

  constructor() {
    this.kafka = createKafkaClient(
      { brokers: KAFKA_BROKERS.split(','), connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 },
      'notification-int-spec',
      testLogger(),
    );
    this.producer = createIdempotentProducer(this.kafka);
  }

  get client(): Kafka {
    return this.kafka;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  envelope<T>(type: string, subject: string, data: T): EventEnvelope<T> {
    return buildEnvelope({ type, subject, data }, { source: 'int-spec' });
  }

  /** A new customer (a unique Mailpit address) registering, as user publishes it, in the namespace `topicPrefix`. */
  async registerCustomer(topicPrefix: string, label: string) {
    const userId = randomUUID();
    const email = uniqueAddress(label);
    const event = this.envelope(UserRegisteredV1.type, userId, {
      userId,
      email,
      name: `Customer ${label}`,
      registeredAt: new Date().toISOString(),
    });
    await this.send(prefixedTopic(topicPrefix, UserRegisteredV1.topic), event);
    return { userId, email, event };
  }

  async send(topic: string, envelope: EventEnvelope): Promise<void> {
    // Right after the service created its topics the broker's metadata may lag a
    // moment ("does not host this topic-partition"): retry that, bounded.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.producer.send({ topic, messages: [toKafkaMessage(envelope)], acks: -1 });
        return;
      } catch (error) {
        const unknownTopic = /does not host this topic-partition/.test(
          String((error as Error).cause ?? error),
        );
        if (!unknownTopic || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics }).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface CollectedRecord {
  readonly headers: Record<string, string>;
  readonly value: string;
}

/** Reads a topic from the beginning with a throwaway group and keeps everything it sees. */
export class TopicCollector {
  readonly received: CollectedRecord[] = [];
  private readonly consumer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({
      groupId: `it-collector-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 100,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(message.headers ?? {})) headers[key] = String(value);
        this.received.push({ headers, value: message.value?.toString('utf8') ?? '' });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
