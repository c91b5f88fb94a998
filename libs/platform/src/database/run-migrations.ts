import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { baseConfigSchema } from '../config/config-schema';
import { databaseConfigSchema } from '../config/dependency-config';
import { ConfigError, loadConfig } from '../config/load-config';
import { createLogger } from '../logging/logger';
import { dataSourceOptions, type MigrationList } from './data-source-options';
import { TypeOrmPinoLogger } from './typeorm-pino-logger';

export interface ApplyMigrationsOptions {
  url: string;
  migrations: MigrationList;
  logger: Logger;
  applicationName?: string;
  connectTimeoutMs?: number;
  /** Bound on one migration statement; generous, DDL may rewrite a table. */
  statementTimeoutMs?: number;
}

/**
 * Applies pending migrations in ONE transaction: either all of them land or
 * none does, and a failed run leaves the schema as it was. Logs each applied
 * migration. Throws on failure.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const dataSource = new DataSource({
    ...dataSourceOptions({
      config: {
        DATABASE_URL: options.url,
        DB_POOL_MAX: 1,
        DB_CONNECT_TIMEOUT_MS: options.connectTimeoutMs ?? 5_000,
        DB_STATEMENT_TIMEOUT_MS: options.statementTimeoutMs ?? 600_000,
      },
      applicationName: `${options.applicationName ?? 'shop'}-migrate`,
      migrations: options.migrations,
    }),
    logger: new TypeOrmPinoLogger(options.logger),
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    for (const migration of applied) options.logger.info({ migration: migration.name }, 'migration applied');
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

export interface RunMigrationsOptions {
  /** Service name: logs and `application_name`. */
  name: string;
  migrations: MigrationList;
  /** Defaults to DATABASE_URL from `env`. */
  url?: string;
  logger?: Logger;
  env?: Record<string, string | undefined>;
}

const migrateConfigSchema = databaseConfigSchema
  .pick({ DATABASE_URL: true, DB_CONNECT_TIMEOUT_MS: true })
  .extend({
    SERVICE_VERSION: baseConfigSchema.shape.SERVICE_VERSION,
    LOG_LEVEL: baseConfigSchema.shape.LOG_LEVEL,
  });

/**
 * The body of each app's `migrate.ts` command (a separate step before the
 * service starts: compose job, Kubernetes Job). Never rejects: on failure it
 * logs one clear line and sets exit code 1.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<boolean> {
  const env = options.env ?? process.env;
  let config: z.infer<typeof migrateConfigSchema>;
  try {
    config = loadConfig(migrateConfigSchema, options.url ? { ...env, DATABASE_URL: options.url } : env);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : String(error);
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service: options.name, msg: message })}\n${message}\n`,
    );
    process.exitCode = 1;
    return false;
  }
  const logger =
    options.logger ??
    createLogger({ service: options.name, version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  try {
    const applied = await applyMigrations({
      url: config.DATABASE_URL,
      migrations: options.migrations,
      logger,
      applicationName: options.name,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    });
    logger.info(
      { applied: applied.length },
      applied.length ? 'migrations complete' : 'no pending migrations',
    );
    return true;
  } catch (error) {
    logger.fatal({ err: error }, 'migrations failed; nothing was applied (one transaction)');
    process.exitCode = 1;
    return false;
  }
}
