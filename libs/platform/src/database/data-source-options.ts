import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/dependency-config';

/** Entity classes (or globs) as TypeORM takes them. */
export type EntityList = NonNullable<DataSourceOptions['entities']>;
/** Migration classes (or globs) as TypeORM takes them. */
export type MigrationList = NonNullable<DataSourceOptions['migrations']>;

export interface DataSourceSettings {
  config: DatabaseConfig;
  /** `application_name`: who holds a connection, in pg_stat_activity. */
  applicationName: string;
  entities?: EntityList;
  migrations?: MigrationList;
}

/**
 * TypeORM options of every service: PostgreSQL only, schema changes only through
 * reviewed migrations run as a separate step (never `synchronize`, never at
 * boot), a bounded pool, and timeouts on connecting, on every statement and on
 * idle open transactions, enforced by the server.
 */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  const { config } = settings;
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    applicationName: settings.applicationName,
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    poolSize: config.DB_POOL_MAX,
    connectTimeoutMS: config.DB_CONNECT_TIMEOUT_MS,
    logging: ['error', 'warn', 'migration'],
    extra: {
      max: config.DB_POOL_MAX,
      connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
      statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
      // Client-side bound too, in case the server never answers (network partition).
      query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 1_000,
      idle_in_transaction_session_timeout: config.DB_STATEMENT_TIMEOUT_MS * 2,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    },
  };
}
