import { GrpcContracts, InventoryTopics, inventoryV1 } from '@shop/contracts';
import { createKafkaClient, deadLetterTopic, prefixedTopic } from '@shop/messaging';
import { connectGrpcClient, type GrpcClient, type ServiceHandle } from '@shop/platform';
import { inProcess } from '@shop/platform/testing';
import { inventoryService } from '../inventory.service';
import type { InventoryConfig } from '../inventory.config';
import { testLogger, uniqueTopicPrefix } from '@shop/testing';
import { createInventoryTestDatabase, type InventoryTestDatabase } from './inventory-test-database';

export const KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';

export interface InventoryUnderTest {
  readonly handle: ServiceHandle<InventoryConfig>;
  readonly db: InventoryTestDatabase;
  /** A topic (or consumer group) of the contracts, in this run's Kafka namespace. */
  topic(name: string): string;
  readonly client: GrpcClient<inventoryV1.InventoryServiceClient>;
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/**
 * The real inventory service, booted in this process exactly as main.ts boots
 * it (runService + InventoryAppModule), against the real Postgres (a fresh
 * database), Redis and Kafka. Its Kafka namespace (KAFKA_TOPIC_PREFIX) is unique
 * per run, so it never shares a topic or a group with a running system. Ports come from the
 * caller (inventory tests use 22100-22199).
 */
export async function startInventory(options: {
  grpcPort: number;
  adminPort: number;
  env?: Record<string, string>;
}): Promise<InventoryUnderTest> {
  const db = await createInventoryTestDatabase(10);
  const topicPrefix = uniqueTopicPrefix('inventory');
  const topic = (name: string) => prefixedTopic(topicPrefix, name);
  let handle: ServiceHandle<InventoryConfig>;
  try {
    ({ handle } = await inProcess({
      ...inventoryService,
      env: {
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
        ADMIN_PORT: String(options.adminPort),
        GRPC_PORT: String(options.grpcPort),
        DATABASE_URL: db.url,
        REDIS_URL,
        KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_TOPIC_RETENTION_MS: '3600000',
        // The tests drive the expiry job themselves.
        RESERVATION_EXPIRY_INTERVAL_MS: '3600000',
        ...options.env,
      },
    }));
  } catch (error) {
    await db.drop();
    throw error;
  }
  const grpc = connectGrpcClient<inventoryV1.InventoryServiceClient>(
    `127.0.0.1:${options.grpcPort}`,
    GrpcContracts.inventory,
    5_000,
  );
  return {
    handle,
    db,
    topic,
    client: grpc.client,
    adminUrl: `http://127.0.0.1:${options.adminPort}`,
    stop: async () => {
      grpc.close();
      await handle.shutdown('test done');
      await db.drop();
      await deleteTopics([InventoryTopics.commands, InventoryTopics.replies].map(topic));
    },
  };
}

async function deleteTopics(topics: string[]): Promise<void> {
  const admin = createKafkaClient(
    {
      brokers: KAFKA_BROKERS.split(','),
      clientId: 'inventory-test-cleanup',
      connectionTimeoutMs: 3_000,
      requestTimeoutMs: 10_000,
    },
    'inventory-test-cleanup',
    testLogger(),
  ).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...topics, ...topics.map(deadLetterTopic)] }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
