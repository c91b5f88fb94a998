import { applyMigrations } from '@shop/platform';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { inventoryMigrations } from '../persistence/migrations';

/** Superuser of the local cluster (scripts/infra); LOCAL DEMO DEFAULT credentials. */
export const PG_SUPERUSER_URL =
  process.env['TEST_PG_SUPERUSER_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** Silent unless TEST_LOG_LEVEL is set (tests provoke failures on purpose). */
export const testLogger = () => pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export interface InventoryTestDatabase {
  readonly name: string;
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh `inventory_test_<random>` database with inventory's real migrations,
 * so integration tests never touch (or depend on) the running system's inventory_db.
 */
export async function createInventoryTestDatabase(poolSize = 20): Promise<InventoryTestDatabase> {
  const name = `inventory_test_${randomBytes(6).toString('hex')}`;
  await asSuperuser((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_SUPERUSER_URL);
  url.pathname = `/${name}`;
  await applyMigrations({ url: url.toString(), migrations: inventoryMigrations, logger: testLogger() });
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    poolSize,
    connectTimeoutMS: 3_000,
    extra: { max: poolSize, statement_timeout: 10_000 },
  });
  await dataSource.initialize();
  return {
    name,
    url: url.toString(),
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await asSuperuser((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function asSuperuser(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: PG_SUPERUSER_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
