import {
  GrpcContracts,
  InventoryTopics,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderCreatedV1,
  PaymentTopics,
  type orderV1,
} from '@shop/contracts';
import { createKafkaClient, deadLetterTopic, prefixedTopic } from '@shop/messaging';
import { connectGrpcClient, type GrpcConnection } from '@shop/platform';
import { inProcess, spawned, type InProcessService, type SpawnedService } from '@shop/platform/testing';
import { testLogger, uniqueTopicPrefix, waitUntil, type ScratchDatabase } from '@shop/testing';
import type { Admin, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { orderService } from '../order.service';
import type { OrderConfig } from '../order.config';
import { FakeInventory } from './fake-inventory';
import { createOrderTestDatabase } from './order-test-database';
import { SagaParticipants } from './saga-participants';

export type OrderClient = GrpcConnection<orderV1.OrderServiceClient>;

export interface SuitePorts {
  readonly grpc: number;
  readonly admin: number;
  readonly inventory: number;
}

/**
 * Everything an order integration suite needs, on real Postgres and Kafka: a
 * scratch order database, a fake inventory gRPC server, the simulated saga
 * participants and the order service itself, in process (`startService`, the
 * same bootstrap as main.ts) or as its own process (`spawnService`, for crash
 * tests), on the suite's own ports (22400-22499).
 */
export class OrderSuite {
  db!: ScratchDatabase;
  inventory!: FakeInventory;
  participants!: SagaParticipants;
  service: InProcessService<OrderConfig> | undefined;
  order!: OrderClient;
  kafka!: Kafka;
  private admin: Admin | undefined;
  /** Products this suite created in the fake inventory: the participants answer for them only. */
  readonly products = new Set<string>();
  /** The suite's Kafka namespace (its topics and groups): no other suite or system run ever sees its messages. */
  readonly topicPrefix = uniqueTopicPrefix('order');

  constructor(
    readonly ports: SuitePorts,
    private readonly stepTimeoutMs = 5_000,
  ) {}

  /** The service's whole configuration, as a container gets it: real Postgres (the scratch database) and Kafka. */
  get env(): Record<string, string> {
    return {
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      GRPC_PORT: String(this.ports.grpc),
      ADMIN_PORT: String(this.ports.admin),
      DATABASE_URL: this.db.url,
      DB_POOL_MAX: '10',
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      INVENTORY_GRPC_URL: `127.0.0.1:${this.ports.inventory}`,
      GRPC_DEADLINE_MS: '2000',
      ORDER_SAGA_STEP_TIMEOUT_MS: String(this.stepTimeoutMs),
      ORDER_SAGA_TIMEOUT_SCAN_INTERVAL_MS: '200',
      SHUTDOWN_TIMEOUT_MS: '15000',
      OTEL_TRACES_SAMPLER_RATIO: '0',
    };
  }

  async setUp(options: { startService?: boolean } = {}): Promise<void> {
    this.db = await createOrderTestDatabase();
    this.inventory = new FakeInventory();
    await this.inventory.start(this.ports.inventory);
    this.kafka = createKafkaClient(
      {
        brokers: [process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'],
        connectionTimeoutMs: 3_000,
        requestTimeoutMs: 10_000,
      },
      'order-int-spec',
      testLogger(),
    );
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({
      topics: this.topics().map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
    this.participants = new SagaParticipants(this.kafka, this.topicPrefix, this.products);
    await this.participants.start();
    // The order service's gRPC API as the gateway calls it: deadline on every call, AppErrors on failure.
    this.order = connectGrpcClient(`127.0.0.1:${this.ports.grpc}`, GrpcContracts.order, 5_000);
    if (options.startService ?? true) await this.startService();
  }

  /** The order service in this process: the test reaches its Nest providers through `service.handle.app`. */
  async startService(): Promise<void> {
    this.service = await inProcess({
      ...orderService,
      env: this.env,
    });
  }

  /**
   * The compiled order service as a real process in the suite's Kafka namespace,
   * so a test can SIGKILL it at any point: no shutdown hook runs, exactly a crash.
   */
  spawnService(env: Record<string, string> = {}): SpawnedService {
    return spawned({ app: 'order', env: { ...this.env, ...env } });
  }

  async tearDown(): Promise<void> {
    this.order?.close();
    await this.service?.stop();
    await this.participants?.stop();
    await this.inventory?.stop();
    await this.db?.drop();
    await this.admin?.deleteTopics({ topics: this.topics() }).catch(() => undefined);
    // Both groups are empty now (everything stopped): leave nothing behind on the broker.
    await this.admin
      ?.deleteGroups([this.topic('order-saga'), this.participants.groupId])
      .catch(() => undefined);
    await this.admin?.disconnect();
  }

  /** A topic (or group) of the contracts, in the suite's namespace. */
  topic(name: string): string {
    return prefixedTopic(this.topicPrefix, name);
  }

  /** The suite's topics, with the dead-letter topics of the two it consumes. */
  topics(): string[] {
    const replies = [InventoryTopics.replies, PaymentTopics.replies];
    const produced = [InventoryTopics.commands, PaymentTopics.commands, OrderCreatedV1.topic];
    const facts = [OrderConfirmedV1.topic, OrderCancelledV1.topic];
    return [...produced, ...facts, ...replies, ...replies.map(deadLetterTopic)].map((name) =>
      this.topic(name),
    );
  }

  /** A new product in the fake inventory (10.00 EUR unless told otherwise). */
  product(options: { priceMinor?: number; currency?: string; active?: boolean } = {}): string {
    const id = randomUUID();
    this.products.add(id);
    this.inventory.add(id, options);
    return id;
  }

  async orderRow(orderId: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.db.query('SELECT * FROM orders WHERE id = $1', [orderId]);
    return row;
  }

  /** Waits (bounded) until the order is in `status`; returns its row. */
  async waitForStatus(orderId: string, status: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return waitUntil(
      async () => {
        const row = await this.orderRow(orderId);
        return row?.['status'] === status ? row : undefined;
      },
      { timeoutMs, description: `order ${orderId} to be ${status}` },
    );
  }

  /** The event types order recorded in its outbox for an order, in commit order. */
  async outboxTypes(orderId: string): Promise<string[]> {
    const rows = await this.db.query<{ event_type: string }>(
      'SELECT event_type FROM outbox WHERE subject = $1 ORDER BY id',
      [orderId],
    );
    return rows.map((row) => row.event_type);
  }

  /** The trace id each of an order's outbox rows carries (its `traceparent` header), by event type. */
  async outboxTraceIds(orderId: string): Promise<Record<string, string | undefined>> {
    const rows = await this.db.query<{ event_type: string; traceparent: string | null }>(
      `SELECT event_type, headers->>'traceparent' AS traceparent FROM outbox WHERE subject = $1 ORDER BY id`,
      [orderId],
    );
    return Object.fromEntries(rows.map((row) => [row.event_type, row.traceparent?.split('-')[1]]));
  }

  async history(orderId: string): Promise<string[]> {
    const rows = await this.db.query<{ step: string; event: string; code: string | null }>(
      'SELECT step, event, code FROM saga_step_history WHERE order_id = $1 ORDER BY id',
      [orderId],
    );
    return rows.map((row) => `${row.step} ${row.event}${row.code ? ` ${row.code}` : ''}`);
  }

  /** True once every outbox row is on Kafka. */
  async outboxDrained(): Promise<boolean> {
    const [row] = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    return row?.n === 0;
  }
}

export const newCustomer = (): string => randomUUID();
export const newKey = (): string => `key-${randomUUID()}`;

/** The error a promise rejects with (undefined when it resolves). */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
