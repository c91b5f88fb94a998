// Seeds the demo catalog into inventory_db (make up runs it after the migrations):
//   node dist/apps/inventory/src/seed-catalog.js [--reset-stock]
// Needs DATABASE_URL; with REDIS_URL it also drops the cache entries of products
// it changed (a write is followed by an invalidation, wherever it comes from).
import { createLogger, databaseConfigSchema, loadConfig, redisConfigSchema } from '@shop/platform';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { productCacheKeys } from './cache/product-cache';
import { seedCatalog } from './seed/seed-catalog';

const logger = createLogger({
  service: 'inventory-seed',
  version: process.env['SERVICE_VERSION'] ?? '0.0.0-dev',
  level: process.env['LOG_LEVEL'] ?? 'info',
});

async function main(): Promise<void> {
  const config = loadConfig(databaseConfigSchema.extend(redisConfigSchema.partial().shape));
  const client = new Client({
    connectionString: config.DATABASE_URL,
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    application_name: 'inventory-seed',
  });
  await client.connect();
  try {
    const result = await seedCatalog(client, { resetStock: process.argv.includes('--reset-stock') });
    if (config.REDIS_URL && result.changed.length > 0) await invalidate(config.REDIS_URL, result.changed);
    logger.info({ created: result.created, updated: result.updated }, 'demo catalog seeded');
  } finally {
    await client.end();
  }
}

async function invalidate(url: string, products: ReadonlyArray<{ id: string; sku: string }>): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    // One DEL per key: keys of different products live in different Cluster slots.
    await redis.pipeline(products.flatMap(productCacheKeys).map((key) => ['del', key])).exec();
  } catch (error) {
    logger.warn(
      { err: error },
      'could not drop cache entries; changed products may be stale until their TTL',
    );
  } finally {
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'seeding the demo catalog failed');
  process.exitCode = 1;
});
