import { ScratchDatabase } from '@shop/testing';
import { DataSource } from 'typeorm';

import { messagingMigrations } from '../migrations';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly dataSource: DataSource;
  /** Closes the pool and drops the database (also kicking out leftover sessions). */
  drop(): Promise<void>;
}

/** A fresh database `messaging_test_<random>` with the outbox and inbox migrations applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const db = await ScratchDatabase.create({ prefix: 'messaging_test' });
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    poolSize: 10,
    connectTimeoutMS: 3_000,
    extra: { statement_timeout: 10_000 },
    migrations: messagingMigrations,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
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
