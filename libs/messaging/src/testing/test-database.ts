import { randomBytes } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { messagingMigrations } from '../migrations';

/** Superuser URL of the local cluster started by scripts/infra/start.sh. */
export const PG_SUPERUSER_URL =
  process.env['TEST_PG_SUPERUSER_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly dataSource: DataSource;
  /** Closes the pool and drops the database (also kicking out leftover sessions). */
  drop(): Promise<void>;
}

/** A fresh database `messaging_test_<random>` with the outbox and inbox migrations applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `messaging_test_${randomBytes(6).toString('hex')}`;
  await asSuperuser((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_SUPERUSER_URL);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    poolSize: 10,
    connectTimeoutMS: 3_000,
    extra: { statement_timeout: 10_000 },
    migrations: messagingMigrations,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
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
