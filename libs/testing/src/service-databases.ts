import { Client } from 'pg';

// LOCAL DEMO DEFAULTS, the same as scripts/infra and deploy/local: tests read
// the services' databases directly to assert real outcomes.
const host = process.env['PGHOST'] ?? '127.0.0.1';
const port = Number(process.env['PGPORT'] ?? 5432);

export type ServiceName = 'order' | 'payment' | 'inventory' | 'user' | 'notification';

/** Connection string of a service's own database with its own role. */
export const serviceDatabaseUrl = (service: ServiceName): string =>
  `postgres://${service}_svc:${service}_svc@${host}:${port}/${service}_db`;

/** Connection string of the local superuser (creating scratch databases). */
export const superuserUrl = (database = 'postgres'): string =>
  `postgres://postgres:${process.env['PG_SUPERUSER_PASSWORD'] ?? 'postgres'}@${host}:${port}/${database}`;

/** Runs one query on a service's database and closes the connection. */
export async function queryService<Row extends Record<string, unknown>>(
  service: ServiceName,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: serviceDatabaseUrl(service), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
