import { Module, type DynamicModule } from '@nestjs/common';
import pino from 'pino';
import { HealthRegistry } from '../health/health-registry';
import { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { PinoNestLogger } from '../logging/nest-logger';
import { RedMetrics } from '../metrics/red-metrics';
import { PlatformModule } from './platform.module';
import { rootModule } from './resolve-module';

@Module({})
class AppModule {
  static forRoot(config: { FLAG: string }): DynamicModule {
    return { module: AppModule, providers: [{ provide: 'FLAG', useValue: config.FLAG }] };
  }
}

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
    const root = rootModule(AppModule, context.config, context);
    expect(root.imports?.[1]).toBe(AppModule);
    expect((root.imports?.[0] as DynamicModule).module).toBe(PlatformModule);
  });

  it('accepts a (config) => DynamicModule factory', () => {
    const root = rootModule((config: { FLAG: string }) => AppModule.forRoot(config), context.config, context);
    expect(root.imports?.[1]).toMatchObject({
      module: AppModule,
      providers: [{ provide: 'FLAG', useValue: 'on' }],
    });
  });
});
