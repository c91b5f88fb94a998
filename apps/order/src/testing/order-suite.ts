import {
  GrpcContracts,
  InventoryTopics,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderCreatedV1,
  PaymentTopics,
} from '@shop/contracts';
import { createKafkaClient, deadLetterTopic, prefixedTopic } from '@shop/messaging';
import { runService, type ServiceHandle } from '@shop/platform';
import type { Admin, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { OrderAppModule } from '../order-app.module';
import { orderConfigSchema, type OrderConfig } from '../order.config';
import { FakeInventory } from './fake-inventory';
import { connectOrderService, orderServiceEnv, type OrderClient } from './order-service-harness';
import type { ScratchDatabase } from '@shop/testing';
import { createOrderTestDatabase } from './order-test-database';
import { SagaParticipants } from './saga-participants';
import { uniqueTopicPrefix, waitUntil } from '@shop/testing';

export interface SuitePorts {
  readonly grpc: number;
  readonly admin: number;
  readonly inventory: number;
}

/**
 * Everything an order integration suite needs, on real Postgres and Kafka: a
 * scratch order database, a fake inventory gRPC server, the simulated saga
 * participants and the order service itself, in process (runService, the same
 * bootstrap as main.ts) on the suite's own ports (22400-22499).
 */
export class OrderSuite {
  db!: ScratchDatabase;
  inventory!: FakeInventory;
  participants!: SagaParticipants;
  service: ServiceHandle<OrderConfig> | undefined;
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

  get env(): Record<string, string> {
    return {
      ...orderServiceEnv({
        databaseUrl: this.db.url,
        grpcPort: this.ports.grpc,
        adminPort: this.ports.admin,
        inventoryUrl: `127.0.0.1:${this.ports.inventory}`,
        stepTimeoutMs: this.stepTimeoutMs,
      }),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
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
      pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    );
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({
      topics: this.topics().map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
    this.participants = new SagaParticipants(this.kafka, this.topicPrefix, this.products);
    await this.participants.start();
    this.order = connectOrderService(`127.0.0.1:${this.ports.grpc}`);
    if (options.startService ?? true) await this.startService();
  }

  async startService(): Promise<void> {
    this.service = await runService({
      name: 'order',
      configSchema: orderConfigSchema,
      module: OrderAppModule,
      grpc: { packages: [GrpcContracts.order.package], protoPaths: [GrpcContracts.order.protoPath] },
      env: this.env,
      manageProcess: false,
    });
  }

  async tearDown(): Promise<void> {
    this.order?.close();
    await this.service?.shutdown('test done');
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
