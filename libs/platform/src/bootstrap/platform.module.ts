import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthRegistry } from '../health/health-registry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { PinoNestLogger } from '../logging/nest-logger';
import { RedMetrics } from '../metrics/red-metrics';
import { APP_CONFIG, LOGGER } from './tokens';

export interface PlatformContext {
  config: object;
  logger: Logger;
  nestLogger: PinoNestLogger;
  health: HealthRegistry;
  lifecycle: ServiceLifecycle;
  metrics: RedMetrics;
}

/**
 * Global providers every module of a service can inject: APP_CONFIG, LOGGER
 * (pino), PinoNestLogger (a Nest LoggerService), HealthRegistry,
 * ServiceLifecycle and RedMetrics. The instances are created by runService
 * before Nest starts, because the admin server and signal handlers need them
 * outside the container too.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(context: PlatformContext): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: context.config },
      { provide: LOGGER, useValue: context.logger },
      { provide: PinoNestLogger, useValue: context.nestLogger },
      { provide: HealthRegistry, useValue: context.health },
      { provide: ServiceLifecycle, useValue: context.lifecycle },
      { provide: RedMetrics, useValue: context.metrics },
    ];
    return { module: PlatformModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
