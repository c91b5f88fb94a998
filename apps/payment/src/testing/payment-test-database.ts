import { applyMigrations } from '@shop/platform';
import { ScratchDatabase, testLogger } from '@shop/testing';
import { paymentMigrations } from '../persistence/migrations';

/**
 * A fresh database with payment_db's migrations, so a test never touches the
 * running system's payment_db (nor its outbox relay's leader lock).
 */
export async function createPaymentTestDatabase(): Promise<ScratchDatabase> {
  const db = await ScratchDatabase.create({ prefix: 'payment_test' });
  await applyMigrations({ url: db.url, migrations: paymentMigrations, logger: testLogger() });
  return db;
}
