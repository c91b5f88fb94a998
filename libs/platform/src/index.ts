// Public API of @shop/platform. Telemetry has its own entry points:
// '@shop/platform/telemetry/register' (first import of main.ts) and '@shop/platform/telemetry'.

// config
export * from './config/config-schema';
export * from './config/dependency-config';
export * from './config/load-config';

// bootstrap
export { runService, type RunServiceOptions, type ServiceHandle } from './bootstrap/run-service';
export type { ServiceModule } from './bootstrap/resolve-module';
export { APP_CONFIG, LOGGER } from './bootstrap/tokens';
export { PlatformModule } from './bootstrap/platform.module';

// logging
export { createLogger, loggerOptions, type Logger, type LoggerSettings } from './logging/logger';
export { PinoNestLogger } from './logging/nest-logger';
export { REDACT_PATHS, REDACTED } from './logging/redact-paths';

// telemetry & metrics
export { createInstruments, getMeter } from './telemetry/meter';
export { RedMetrics, UNMATCHED_ROUTE } from './metrics/red-metrics';

// health, admin, lifecycle
export * from './health/health-registry';
export { TimeoutError, withTimeout } from './health/with-timeout';
export { startAdminServer, type AdminServer, type AdminServerSettings } from './admin/admin-server';
export { ServiceLifecycle, type LifecyclePhase } from './lifecycle/service-lifecycle';
export { PeriodicJob, type PeriodicJobOptions } from './lifecycle/periodic-job';

// resilience: backoff, retries, retry budget, circuit breaker
export * from './resilience/backoff';
export * from './resilience/retry-with-backoff';
export * from './resilience/retry-budget';
export * from './resilience/circuit-breaker';

// errors
export { AppError, type AppErrorOptions, type FieldError } from './errors/app-error';
export * from './errors/status-mapping';
export * from './errors/error-metadata';
export {
  toAppError,
  fromGrpcServiceError,
  isGrpcServiceError,
  INTERNAL_ERROR_CODE,
} from './errors/to-app-error';
export * from './errors/problem-details';
export { ProblemDetailsFilter } from './errors/problem-details.filter';
export { GrpcExceptionFilter, type GrpcStatusError } from './errors/grpc-exception.filter';
export { PlatformExceptionFilter } from './errors/platform-exception.filter';
export { parseRequest, INVALID_REQUEST_CODE } from './errors/parse-request';

// gRPC deadlines and clients
export * from './grpc/deadline';
export { currentDeadline, runWithDeadline } from './grpc/deadline-context';
export { GrpcHealthController } from './grpc/grpc-health.controller';
export { GrpcAdmissionInterceptor } from './grpc/grpc-admission.interceptor';
export { wrapGrpcService, type GrpcCallOptions, type GrpcClient } from './grpc/grpc-client';
export { connectGrpcClient, type GrpcConnection, type GrpcTarget } from './grpc/connect-grpc-client';
export { GrpcClientsModule, type GrpcClientRegistration } from './grpc/grpc-clients.module';
export * from './grpc/grpc-options';

// database and Redis
export { DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
export { dataSourceOptions, type DataSourceSettings } from './database/data-source-options';
export {
  applyMigrations,
  runMigrations,
  type ApplyMigrationsOptions,
  type RunMigrationsOptions,
} from './database/run-migrations';
export {
  isUniqueViolation,
  rows,
  safeInteger,
  UNIQUE_VIOLATION,
  valuesPlaceholders,
  type Queryable,
} from './database/sql';
export { sqlMigration, type SqlMigration, type SqlMigrationSteps } from './database/sql-migration';
export { RedisModule, REDIS } from './redis/redis.module';
export { redisOptions } from './redis/redis-options';

// cache-aside over Redis
export { CacheAside, type CacheAsideOptions, type CacheCodec } from './cache/cache-aside';
export { CacheMetrics } from './cache/cache-metrics';
export { CacheReadiness } from './cache/cache-readiness';

// job queues on Postgres: claim with a lease, NOTIFY + poll, bulkhead, retries
export { JobWorker, type JobWorkerSettings } from './jobs/job-worker';
export type { Job, JobOutcome, JobQueue } from './jobs/job-queue';
export { nextStepAfterFailure, type JobFailure, type NextStep, type RetryPolicy } from './jobs/retry-policy';
export { WakeSignal } from './jobs/wake-signal';
export { pgClientConfigFromDataSource, type PgTimeouts } from './database/pg-client-config';
export { unsampledInActiveTrace, withTracingSuppressed } from './telemetry/suppress-tracing';
export { DueBatchWorker, type DueBatchQueue, type DueBatchSettings } from './jobs/due-batch-worker';
export { DueBatchJob } from './jobs/due-batch-job';
