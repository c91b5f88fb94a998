import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { GrpcHealthController } from '../grpc/grpc-health.controller';
import { PlatformModule, type PlatformContext } from './platform.module';

/** A service's app module: a static @Module class (tools/architecture/service-skeleton.spec.ts). */
export type ServiceModule = Type<unknown>;

/** Holds the platform providers and the app module for one service. */
@Module({})
class ServiceRootModule {}

/**
 * The root the Nest app is created from: PlatformModule (global) + the app
 * module, plus the standard gRPC health service when the service serves gRPC.
 */
export function rootModule(
  module: ServiceModule,
  context: PlatformContext,
  options: { grpc: boolean } = { grpc: false },
): DynamicModule {
  return {
    module: ServiceRootModule,
    imports: [PlatformModule.forRoot(context), module],
    controllers: options.grpc ? [GrpcHealthController] : [],
  };
}
