import { createMigratedTestDatabase, type MigratedTestDatabase } from '@shop/platform/testing';
import { inventoryMigrations } from '../persistence/migrations';

export type InventoryTestDatabase = MigratedTestDatabase;

/**
 * A fresh `inventory_test_<random>` database with inventory's real migrations,
 * so integration tests never touch (or depend on) the running system's inventory_db.
 */
export function createInventoryTestDatabase(poolSize: number): Promise<InventoryTestDatabase> {
  return createMigratedTestDatabase({ prefix: 'inventory_test', migrations: inventoryMigrations, poolSize });
}
