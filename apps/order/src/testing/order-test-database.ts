import { applyMigrations } from '@shop/platform';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { orderMigrations } from '../persistence/migrations';

const SUPERUSER_URL =
  process.env['TEST_PG_SUPERUSER_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export interface OrderTestDatabase {
  readonly name: string;
  /** DATABASE_URL for the order service under test. */
  readonly url: string;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/**
 * A scratch database `order_test_<random>` with order_db's migrations applied:
 * each suite gets its own, so tests never see each other's (or the running
 * system's) orders. Dropped (sessions kicked out) at the end.
 */
export async function createOrderTestDatabase(): Promise<OrderTestDatabase> {
  const name = `order_test_${randomBytes(6).toString('hex')}`;
  await withClient(SUPERUSER_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(SUPERUSER_URL);
  url.pathname = `/${name}`;
  await applyMigrations({
    url: url.toString(),
    migrations: orderMigrations,
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
  });
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
  await client.connect();
  return {
    name,
    url: url.toString(),
    query: async <Row>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as Row[],
    drop: async () => {
      await client.end();
      await withClient(SUPERUSER_URL, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
