import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, LOGGER } from '../bootstrap/tokens';
import { databaseConfigSchema, type DatabaseConfig } from '../config/dependency-config';
import { HealthRegistry } from '../health/health-registry';
import { retryWithBackoff } from '../resilience/retry-with-backoff';
import { dataSourceOptions, type EntityList, type MigrationList } from './data-source-options';
import { TypeOrmPinoLogger } from './typeorm-pino-logger';

export interface DatabaseModuleOptions {
  entities: EntityList;
  /** Listed so the DataSource knows them (migrate.ts runs them); never run at boot. */
  migrations?: MigrationList;
}

/**
 * The service's PostgreSQL DataSource, injectable as `DataSource` everywhere
 * (global). Reads DATABASE_URL, DB_POOL_MAX, DB_STATEMENT_TIMEOUT_MS and
 * DB_CONNECT_TIMEOUT_MS from APP_CONFIG, connects with bounded retries,
 * registers the `postgres` readiness check (`SELECT 1`) and closes the
 * pool on shutdown.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG, LOGGER, HealthRegistry],
          useFactory: async (config: Record<string, unknown>, logger: Logger, health: HealthRegistry) => {
            const dataSource = await connect(options, config, logger);
            health.register('postgres', async () => void (await dataSource.query('SELECT 1')), {
              timeoutMs: 1_000,
            });
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  /** Destroys the pool after consumers and servers stopped (onApplicationShutdown runs last). */
  async onApplicationShutdown(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.destroy();
    this.logger.info('database pool closed');
  }
}

async function connect(options: DatabaseModuleOptions, config: Record<string, unknown>, logger: Logger) {
  const dbConfig: DatabaseConfig = databaseConfigSchema.parse(config);
  const applicationName = String(config['SERVICE_NAME'] ?? 'shop');
  const dbLogger = logger.child({ component: 'database' });
  return retryWithBackoff(
    async () => {
      const dataSource = new DataSource({
        ...dataSourceOptions({ config: dbConfig, applicationName, ...options }),
        logger: new TypeOrmPinoLogger(dbLogger),
      });
      try {
        return await dataSource.initialize();
      } catch (error) {
        if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
        throw error;
      }
    },
    {
      attempts: 5,
      baseMs: 250,
      maxMs: 3_000,
      jitter: 'equal',
      onRetry: (error, attempt, delayMs) =>
        dbLogger.warn({ err: error, attempt, retry_in_ms: delayMs }, 'database not reachable yet; retrying'),
    },
  );
}
