import type { INestApplicationContext } from '@nestjs/common';
import type { DestinationStream, Logger } from 'pino';
import type { z } from 'zod';
import { startAdminServer, type AdminServer } from '../admin/admin-server';
import type { BaseConfig } from '../config/config-schema';
import { loadConfig } from '../config/load-config';
import { HealthRegistry } from '../health/health-registry';
import { withTimeout } from '../health/with-timeout';
import { gracefulShutdown } from '../lifecycle/graceful-shutdown';
import { installProcessHandlers } from '../lifecycle/process-handlers';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/nest-logger';
import { RedMetrics } from '../metrics/red-metrics';
import { ensureTelemetry } from './ensure-telemetry';
import { failFast } from './fail-fast';
import { createNestApp, type NestApp } from './nest-app';
import { rootModule, type ServiceModule } from './resolve-module';
import { transportSettings, type TransportOptions, type TransportSettings } from './transport-settings';

const TELEMETRY_FLUSH_TIMEOUT_MS = 2_000;

export interface RunServiceOptions<Schema extends z.ZodType<BaseConfig>> extends TransportOptions<
  z.infer<Schema>
> {
  /** Service name; SERVICE_NAME defaults to it. */
  name: string;
  configSchema: Schema;
  /** The service's app module (a static @Module class; configuration comes through APP_CONFIG). */
  module: ServiceModule;
  /** Tests: environment instead of process.env. */
  env?: Record<string, string | undefined>;
  /** Tests: where log lines go (default: synchronous stdout). */
  logDestination?: DestinationStream;
  /** Default true: signals run the graceful shutdown then exit; start-up failures exit 1. */
  manageProcess?: boolean;
}

export interface ServiceHandle<Config> {
  /** INestApplication (HTTP, hybrid), INestMicroservice (gRPC only) or an application context (worker). */
  app: INestApplicationContext;
  adminServer: AdminServer;
  config: Config;
  logger: Logger;
  lifecycle: ServiceLifecycle;
  ports: { admin: number; http?: number; grpc?: number };
  /** Runs the graceful shutdown without exiting; rejects past SHUTDOWN_TIMEOUT_MS. */
  shutdown(reason: string): Promise<void>;
}

/**
 * Boots a service the same way everywhere: validate config (fail fast),
 * JSON logger, telemetry, admin server, the Nest
 * app with HTTP and/or gRPC (or neither: a worker), signal-driven graceful
 * shutdown.
 */
export async function runService<Schema extends z.ZodType<BaseConfig>>(
  options: RunServiceOptions<Schema>,
): Promise<ServiceHandle<z.infer<Schema>>> {
  const manageProcess = options.manageProcess ?? true;
  const exit = (code: number): never => {
    if (manageProcess) process.exit(code);
    throw new Error(`service ${options.name} would exit with code ${code}`);
  };
  let config: z.infer<Schema>;
  let transports: TransportSettings;
  try {
    config = loadConfig(options.configSchema, {
      SERVICE_NAME: options.name,
      ...(options.env ?? process.env),
    });
    transports = transportSettings(config, options);
  } catch (error) {
    return failFast(options.name, error, exit);
  }

  const { SERVICE_NAME: service, SERVICE_VERSION: version } = config;
  const logger = createLogger({ service, version, level: config.LOG_LEVEL }, options.logDestination);
  const telemetry = ensureTelemetry(config, logger);
  const lifecycle = new ServiceLifecycle();
  const health = new HealthRegistry(logger);
  const nestLogger = new PinoNestLogger(logger);
  const context = { config, logger, nestLogger, health, lifecycle, metrics: new RedMetrics() };
  // Up before Nest: liveness answers (and readiness says "starting") while dependencies connect.
  const adminServer = await startAdminServer({
    ...{ host: config.BIND_HOST, port: config.ADMIN_PORT, service, version, health, lifecycle },
    metrics: (request, response) => telemetry.prometheus.getMetricsRequestHandler(request, response),
  }).catch((error: unknown) => failFast(service, error, exit));

  let nest: NestApp;
  try {
    nest = await createNestApp({
      root: rootModule(options.module, context, { grpc: !!transports.grpc }),
      context,
      ...transports,
    });
    await nest.listen();
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await adminServer.close();
    return failFast(service, error, exit);
  }

  let removeProcessHandlers: () => void = () => undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (stopping ??= gracefulShutdown(
      {
        lifecycle,
        logger,
        drainDelayMs: config.SHUTDOWN_DRAIN_DELAY_MS,
        timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
        stopServers: () => nest.stopServers(),
        closeApp: () => nest.app.close(),
        closeTelemetryAndAdmin: async () => {
          removeProcessHandlers();
          // Bounded: an unreachable collector must not eat the whole shutdown budget.
          await withTimeout(telemetry.shutdown(), TELEMETRY_FLUSH_TIMEOUT_MS, 'telemetry flush').catch(
            (error: unknown) => logger.warn({ err: error }, 'telemetry flush failed'),
          );
          await adminServer.close();
        },
      },
      reason,
    ));
  if (manageProcess) removeProcessHandlers = installProcessHandlers({ logger, shutdown });

  const ports = { admin: adminServer.port, http: transports.http?.port, grpc: transports.grpc?.port };
  lifecycle.markRunning();
  logger.info({ ports }, 'service started');
  return { app: nest.app, adminServer, config, logger, lifecycle, ports, shutdown };
}
