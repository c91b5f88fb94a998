import { applyMigrations } from '@shop/platform';
import { ScratchDatabase, testLogger } from '@shop/testing';
import { DataSource } from 'typeorm';
import { inventoryMigrations } from '../persistence/migrations';

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
  const db = await ScratchDatabase.create({ prefix: 'inventory_test' });
  await applyMigrations({ url: db.url, migrations: inventoryMigrations, logger: testLogger() });
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    poolSize,
    connectTimeoutMS: 3_000,
    extra: { max: poolSize, statement_timeout: 10_000 },
  });
  await dataSource.initialize();
  return {
    name: db.name,
    url: db.url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}
