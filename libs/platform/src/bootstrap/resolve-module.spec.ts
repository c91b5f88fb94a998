import { Module, type DynamicModule } from '@nestjs/common';
import pino from 'pino';
import { HealthRegistry } from '../health/health-registry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { PinoNestLogger } from '../logging/nest-logger';
import { RedMetrics } from '../metrics/red-metrics';
import { PlatformModule } from './platform.module';
import { rootModule } from './resolve-module';

@Module({})
class AppModule {}

const logger = pino({ level: 'silent' });
const context = {
  config: { FLAG: 'on' },
  logger,
  nestLogger: new PinoNestLogger(logger),
  health: new HealthRegistry(),
  lifecycle: new ServiceLifecycle(),
  metrics: new RedMetrics(),
};

describe('rootModule', () => {
  it('accepts a module class', () => {
    const root = rootModule(AppModule, context);
    expect(root.imports?.[1]).toBe(AppModule);
    expect((root.imports?.[0] as DynamicModule).module).toBe(PlatformModule);
  });
});
