import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { GrpcHealthController } from '../grpc/grpc-health.controller';
import { PlatformModule, type PlatformContext } from './platform.module';

export type ServiceModule<Config> = Type<unknown> | ((config: Config) => DynamicModule);

/** Holds the platform providers and the app module for one service. */
@Module({})
class ServiceRootModule {}

/**
 * The root the Nest app is created from: PlatformModule (global) + the app
 * module, plus the standard gRPC health service when the service serves gRPC.
 */
export function rootModule<Config>(
  module: ServiceModule<Config>,
  config: Config,
  context: PlatformContext,
  options: { grpc: boolean } = { grpc: false },
): DynamicModule {
  const appModule = isModuleClass(module) ? module : module(config);
  return {
    module: ServiceRootModule,
    imports: [PlatformModule.forRoot(context), appModule],
    controllers: options.grpc ? [GrpcHealthController] : [],
  };
}

// A module class vs a `(config) => DynamicModule` factory: classes keep `class`
// syntax (ES2023 output) and carry @Module metadata.
function isModuleClass<Config>(module: ServiceModule<Config>): module is Type<unknown> {
  return (
    /^class[\s{]/.test(Function.prototype.toString.call(module)) || Reflect.hasMetadata('imports', module)
  );
}
