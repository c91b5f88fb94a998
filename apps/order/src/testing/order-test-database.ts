import { applyMigrations } from '@shop/platform';
import { ScratchDatabase, testLogger } from '@shop/testing';
import { orderMigrations } from '../persistence/migrations';

/**
 * A scratch database `order_test_<random>` with order_db's migrations applied:
 * each suite gets its own, so tests never see each other's (or the running
 * system's) orders. Dropped (sessions kicked out) at the end.
 */
export async function createOrderTestDatabase(): Promise<ScratchDatabase> {
  const db = await ScratchDatabase.create({ prefix: 'order_test' });
  await applyMigrations({ url: db.url, migrations: orderMigrations, logger: testLogger() });
  return db;
}
