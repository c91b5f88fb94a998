import { createMigratedTestDatabase, type MigratedTestDatabase } from '@shop/platform/testing';
import { messagingMigrations } from '../migrations';

export type TestDatabase = MigratedTestDatabase;

/** A fresh database `messaging_test_<random>` with the outbox and inbox migrations applied. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createMigratedTestDatabase({
    prefix: 'messaging_test',
    migrations: messagingMigrations,
    poolSize: 10,
  });
}
