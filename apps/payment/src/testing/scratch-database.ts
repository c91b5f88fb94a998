import { randomBytes } from 'node:crypto';
import { applyMigrations } from '@shop/platform';
import { Client } from 'pg';
import pino from 'pino';
import { paymentMigrations } from '../persistence/migrations';

const SUPERUSER_URL =
  process.env['TEST_PG_SUPERUSER_URL'] ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/**
 * A fresh database with payment_db's migrations, so a test never touches the
 * running system's payment_db (nor its outbox relay's leader lock).
 */
export class ScratchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(): Promise<ScratchDatabase> {
    const name = `payment_test_${randomBytes(6).toString('hex')}`;
    await asSuperuser((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(SUPERUSER_URL);
    url.pathname = `/${name}`;
    await applyMigrations({
      url: url.toString(),
      migrations: paymentMigrations,
      logger: pino({ level: 'silent' }),
    });
    return new ScratchDatabase(name, url.toString());
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async drop(): Promise<void> {
    await asSuperuser((client) => client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

async function asSuperuser(work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: SUPERUSER_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
