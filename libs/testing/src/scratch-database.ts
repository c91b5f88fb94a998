import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { superuserUrl, type ServiceName } from './service-databases';

/** The local superuser (LOCAL DEMO DEFAULT), overridable as a whole for another cluster. */
const scratchSuperuserUrl = (): string => process.env['TEST_PG_SUPERUSER_URL'] ?? superuserUrl();

export interface ScratchDatabaseOptions {
  /** The database is named `<prefix>_<random hex>`, e.g. `order_test_3f9a0c1d2e4b`. */
  readonly prefix: string;
  /**
   * Owned by this service's own role (`user` -> `user_svc`), and `url` connects
   * as that role, so the grants are the real ones. Default: the superuser owns it.
   */
  readonly owner?: ServiceName;
}

/**
 * A throwaway database on the local Postgres, so an integration test never
 * touches (or depends on) the running system's `<service>_db`, nor races its
 * workers and outbox relay. The caller applies its migrations to `url`, and
 * drops it in afterAll (leftover sessions are kicked out).
 */
export class ScratchDatabase {
  private constructor(
    readonly name: string,
    /** DATABASE_URL for the service under test. */
    readonly url: string,
  ) {}

  static async create(options: ScratchDatabaseOptions): Promise<ScratchDatabase> {
    const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
    const url = new URL(scratchSuperuserUrl());
    url.pathname = `/${name}`;
    if (options.owner) {
      const role = `${options.owner}_svc`;
      await asSuperuser(`CREATE DATABASE ${name} OWNER ${role} ENCODING 'UTF8' TEMPLATE template0`);
      // LOCAL DEMO DEFAULT: each service role's password is its name (scripts/infra, deploy/local).
      url.username = role;
      url.password = role;
    } else {
      await asSuperuser(`CREATE DATABASE ${name}`);
    }
    return new ScratchDatabase(name, url.toString());
  }

  /** One query on a short-lived connection (the test's view of what the service wrote). */
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
    await asSuperuser(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
  }
}

async function asSuperuser(sql: string): Promise<void> {
  const client = new Client({ connectionString: scratchSuperuserUrl(), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
