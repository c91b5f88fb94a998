import { ScratchDatabase, testLogger } from '@shop/testing';
import { DataSource } from 'typeorm';
import type { MigrationList } from '../database/data-source-options';
import { applyMigrations } from '../database/run-migrations';

export interface MigratedTestDatabase {
  readonly name: string;
  readonly url: string;
  /** A pool on the database, for a test that queries or wires TypeORM itself. */
  readonly dataSource: DataSource;
  /** Closes the pool and drops the database (also kicking out leftover sessions). */
  drop(): Promise<void>;
}

/**
 * A fresh `<prefix>_<random>` database with `migrations` applied the way
 * migrate.ts applies them, and a pool on it, so a test never touches (or
 * depends on) a running system's database.
 */
export async function createMigratedTestDatabase(options: {
  prefix: string;
  migrations: MigrationList;
  poolSize: number;
}): Promise<MigratedTestDatabase> {
  const db = await ScratchDatabase.create({ prefix: options.prefix });
  await applyMigrations({ url: db.url, migrations: options.migrations, logger: testLogger() });
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    poolSize: options.poolSize,
    connectTimeoutMS: 3_000,
    extra: { max: options.poolSize, statement_timeout: 10_000 },
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
