// What the bench reads from (and, for the monolith baseline, writes to) PostgreSQL, as the
// local superuser (LOCAL DEMO DEFAULT postgres/postgres; BENCH_PG_URL to change it): the saga
// outcomes and step history of the bench's orders, the outbox and inbox timestamps of the relay
// lag, and the monolith's database, a schema-only copy of the services' tables.
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import type { HistoryLine, InboxEntry, OutboxEvent } from './stats.ts';

const BASE_URL = process.env['BENCH_PG_URL'] || 'postgres://postgres:postgres@127.0.0.1:5432';
export const MONOLITH_DB = 'bench_monolith_db';

export const databaseUrl = (database: string) => `${BASE_URL}/${database}`;

async function withDb<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface OrderOutcome {
  id: string;
  status: string;
  createdAt: number;
  updatedAt: number;
}

/** Status and timestamps of `ids` (epoch ms); `table` is orders or order_ctx.orders. */
export function orderOutcomes(
  database: string,
  table: string,
  ids: readonly string[],
): Promise<OrderOutcome[]> {
  return withDb(database, async (client) => {
    const { rows } = await client.query<{ id: string; status: string; c: string; u: string }>(
      `SELECT id, status, extract(epoch FROM created_at) * 1000 AS c, extract(epoch FROM updated_at) * 1000 AS u
         FROM ${table} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, status: r.status, createdAt: Number(r.c), updatedAt: Number(r.u) }));
  });
}

export function sagaHistory(ids: readonly string[]): Promise<HistoryLine[]> {
  return withDb('order_db', async (client) => {
    const { rows } = await client.query<{
      order_id: string;
      id: string;
      step: string;
      event: string;
      at: string;
    }>(
      `SELECT order_id, id, step, event, extract(epoch FROM at) * 1000 AS at
         FROM saga_step_history WHERE order_id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({
      orderId: r.order_id,
      id: Number(r.id),
      step: r.step,
      event: r.event,
      at: Number(r.at),
    }));
  });
}

const PRODUCERS = ['order', 'inventory', 'payment'];
const CONSUMERS = ['order', 'inventory', 'payment', 'notification'];

/** Outbox rows recorded in [from, to] and inbox rows received from `from` on (epoch ms). */
export async function relayTimestamps(
  from: number,
  to: number,
): Promise<{ outbox: OutboxEvent[]; inbox: InboxEntry[] }> {
  const outbox: OutboxEvent[] = [];
  const inbox: InboxEntry[] = [];
  for (const service of PRODUCERS)
    await withDb(`${service}_db`, async (client) => {
      const { rows } = await client.query<{ event_id: string; event_type: string; c: string }>(
        `SELECT event_id, event_type, extract(epoch FROM created_at) * 1000 AS c FROM outbox
          WHERE created_at BETWEEN to_timestamp($1 / 1000.0) AND to_timestamp($2 / 1000.0)`,
        [from, to],
      );
      for (const r of rows)
        outbox.push({ eventId: r.event_id, source: service, type: r.event_type, createdAt: Number(r.c) });
    });
  for (const service of CONSUMERS)
    await withDb(`${service}_db`, async (client) => {
      const { rows } = await client.query<{ event_id: string; consumer: string; r: string }>(
        `SELECT event_id, consumer, extract(epoch FROM received_at) * 1000 AS r FROM inbox
          WHERE received_at >= to_timestamp($1 / 1000.0)`,
        [from],
      );
      for (const r of rows)
        inbox.push({ eventId: r.event_id, consumer: r.consumer, receivedAt: Number(r.r) });
    }).catch(() => undefined); // a service without an inbox
  return { outbox, inbox };
}

/**
 * The monolith's database: the services' tables (schema only: columns, constraints, indexes,
 * exactly as their migrations made them) in one database, one schema per module, plus copies
 * of the bench's products with ample stock. Made fresh for each run, dropped after it.
 */
export async function createMonolithDatabase(productIds: readonly string[], stock: number): Promise<void> {
  await dropMonolithDatabase();
  await withDb('postgres', (client) => client.query(`CREATE DATABASE ${MONOLITH_DB}`));
  const url = new URL(BASE_URL);
  const pgEnv = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  for (const module of ['order', 'inventory', 'payment']) {
    const schema = execFileSync(
      'pg_dump',
      [...connection, '--schema-only', '--no-owner', '--no-privileges', '-d', `${module}_db`],
      {
        env: pgEnv,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    execFileSync('psql', [...connection, '-q', '-v', 'ON_ERROR_STOP=1', '-d', MONOLITH_DB], {
      env: pgEnv,
      input: schema,
    });
    await withDb(MONOLITH_DB, (client) =>
      client.query(`ALTER SCHEMA public RENAME TO ${module}_ctx; CREATE SCHEMA public;`),
    );
  }
  const products = await withDb('inventory_db', async (client) => {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT id, sku, name, description, price_minor, currency, active, version, created_at, updated_at
         FROM products WHERE id = ANY($1::uuid[])`,
      [productIds],
    );
    return rows;
  });
  await withDb(MONOLITH_DB, async (client) => {
    for (const product of products) {
      const columns = Object.keys(product);
      await client.query(
        `INSERT INTO inventory_ctx.products (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => product[c]),
      );
      await client.query(
        'INSERT INTO inventory_ctx.stock (product_id, available, reserved) VALUES ($1, $2, 0)',
        [product['id'], stock],
      );
    }
  });
}

export async function dropMonolithDatabase(): Promise<void> {
  await withDb('postgres', (client) => client.query(`DROP DATABASE IF EXISTS ${MONOLITH_DB} WITH (FORCE)`));
}
