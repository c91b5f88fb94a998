import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';

/**
 * TypeORM's logger interface onto pino, so database warnings, failed queries and
 * migrations are JSON lines like the rest. Query parameters are never
 * logged: they hold personal data.
 */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(): void {
    // Every query at debug would flood the logs; traces (pg instrumentation) show them.
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ err: error, query: truncate(query) }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ duration_ms: time, query: truncate(query) }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug({ component: 'typeorm' }, message);
  }

  logMigration(message: string): void {
    this.logger.info({ component: 'migrations' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger[level === 'warn' ? 'warn' : 'info']({ component: 'typeorm' }, String(message));
  }
}

function truncate(query: string): string {
  return query.length > 500 ? `${query.slice(0, 500)}...` : query;
}
