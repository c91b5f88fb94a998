import type { ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';

export interface PgTimeouts {
  /** `DB_CONNECT_TIMEOUT_MS`. */
  readonly connectTimeoutMs: number;
  /** `DB_STATEMENT_TIMEOUT_MS`, enforced by the server and by the client. */
  readonly statementTimeoutMs: number;
}

/**
 * Settings for a connection of its own (the outbox relay's, a job worker's
 * LISTEN session), taken from the service's TypeORM options so it reaches the
 * same database with the same credentials. It is separate from the pool on
 * purpose: LISTEN and a session advisory lock belong to one session, which a
 * pooled connection cannot promise.
 */
export function pgClientConfigFromDataSource(
  options: DataSourceOptions,
  timeouts: PgTimeouts,
  applicationName: string,
): ClientConfig {
  if (options.type !== 'postgres')
    throw new Error(`a dedicated session needs PostgreSQL, got ${options.type}`);
  return {
    ...(options.url ? { connectionString: options.url } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.username ? { user: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
    ...(options.database ? { database: options.database } : {}),
    // TypeORM hands its `ssl` to pg unchanged; the types differ only in server-side TLS callbacks.
    ...(options.ssl !== undefined ? { ssl: options.ssl as ClientConfig['ssl'] } : {}),
    application_name: applicationName,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + 1_000,
    // An idle LISTEN connection must notice a dead peer.
    keepAlive: true,
  };
}
