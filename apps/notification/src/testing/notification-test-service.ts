import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { GrpcContracts, type EventEnvelope } from '@shop/contracts';
import { buildEnvelope, createIdempotentProducer, createKafkaClient, toKafkaMessage } from '@shop/messaging';
import { applyMigrations, runService, type ServiceHandle } from '@shop/platform';
import type { Kafka, Producer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { NotificationAppModule, type NotificationWiring } from '../notification-app.module';
import { notificationConfigSchema, type NotificationConfig } from '../notification.config';
import { notificationMigrations } from '../persistence/migrations';

// LOCAL DEMO DEFAULTS of scripts/infra (the same as deploy/local).
const PG = process.env['PGHOST'] ?? '127.0.0.1';
export const SUPERUSER_URL = `postgres://postgres:postgres@${PG}:5432/postgres`;
export const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
export const SMTP = { host: '127.0.0.1', port: Number(process.env['MAILPIT_SMTP_PORT'] ?? 1025) };

export const quietLogger = () => pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

/**
 * A scratch database owned by notification_svc (like notification_db, so the
 * grants are the real ones), with every migration applied. Tests never touch
 * notification_db: the running system's sender would race theirs.
 */
export class ScratchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(migrations: unknown[] = notificationMigrations): Promise<ScratchDatabase> {
    const name = `notification_it_${randomBytes(5).toString('hex')}`;
    await superuser((client) =>
      client.query(`CREATE DATABASE ${name} OWNER notification_svc ENCODING 'UTF8' TEMPLATE template0`),
    );
    const url = `postgres://notification_svc:notification_svc@${PG}:5432/${name}`;
    const db = new ScratchDatabase(name, url);
    await db.migrate(migrations);
    return db;
  }

  async migrate(migrations: unknown[]): Promise<void> {
    await applyMigrations({ url: this.url, migrations: migrations as never, logger: quietLogger() });
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await superuser((client) => client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

async function superuser(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: SUPERUSER_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Unique topics and groups: the test instance never consumes the running system's events, nor they its. */
export function uniqueWiring(): NotificationWiring {
  const prefix = `it-${randomBytes(4).toString('hex')}`;
  return {
    topics: {
      userRegistered: `${prefix}.user-registered.v1`,
      orderConfirmed: `${prefix}.order-confirmed.v1`,
      orderCancelled: `${prefix}.order-cancelled.v1`,
      paymentFailed: `${prefix}.payment-failed.v1`,
      deadLetter: `${prefix}.notification-dead-letter.v1`,
    },
    groups: { registrations: `${prefix}-notification`, orderUpdates: `${prefix}-notification-orders` },
  };
}

export const allTopics = (wiring: NotificationWiring): string[] => {
  const topics = Object.values(wiring.topics);
  return [...topics, ...topics.map((topic) => `${topic}.dlt`)];
};

export interface TestService {
  readonly handle: ServiceHandle<NotificationConfig>;
  readonly grpcUrl: string;
  readonly adminUrl: string;
  /** Every JSON log line the service wrote. */
  readonly logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The real service (NotificationAppModule, runService) in this process, on the given ports. */
export async function startNotificationService(options: {
  db: ScratchDatabase;
  wiring: NotificationWiring;
  grpcPort: number;
  adminPort: number;
  env?: Record<string, string>;
}): Promise<TestService> {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ msg: line });
        }
      }
      done();
    },
  });
  const handle = await runService({
    name: 'notification',
    configSchema: notificationConfigSchema,
    module: (config) => NotificationAppModule.register(config, options.wiring),
    grpc: {
      packages: [GrpcContracts.notification.package],
      protoPaths: [GrpcContracts.notification.protoPath],
    },
    manageProcess: false,
    logDestination: destination,
    env: {
      SERVICE_NAME: 'notification',
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
      ADMIN_HOST: '127.0.0.1',
      ADMIN_PORT: String(options.adminPort),
      GRPC_PORT: String(options.grpcPort),
      DATABASE_URL: options.db.url,
      DB_POOL_MAX: '4',
      KAFKA_BROKERS,
      KAFKA_TOPIC_PARTITIONS: '2',
      KAFKA_TOPIC_RETENTION_MS: '3600000',
      SMTP_HOST: SMTP.host,
      SMTP_PORT: String(SMTP.port),
      NOTIFICATION_POLL_INTERVAL_MS: '200',
      ...options.env,
    },
  });
  return {
    handle,
    grpcUrl: `127.0.0.1:${options.grpcPort}`,
    adminUrl: `http://127.0.0.1:${options.adminPort}`,
    logs,
    stop: () => handle.shutdown('test finished'),
  };
}

/** Produces events the way the other services' relays do (CloudEvents binary mode, keyed by subject). */
export class EventProducer {
  private readonly kafka: Kafka;
  private readonly producer: Producer;

  constructor() {
    this.kafka = createKafkaClient(
      { brokers: KAFKA_BROKERS.split(','), connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 },
      'notification-int-spec',
      quietLogger(),
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
