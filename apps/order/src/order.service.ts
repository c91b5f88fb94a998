import { GrpcContracts } from '@shop/contracts';
import type { RunServiceOptions } from '@shop/platform';
import { OrderAppModule } from './order-app.module';
import { orderConfigSchema } from './order.config';

/** How the order service boots: main.ts runs it, and its tests start it the same way (testing/order.under-test.ts). */
export const orderService: RunServiceOptions<typeof orderConfigSchema> = {
  name: 'order',
  configSchema: orderConfigSchema,
  module: OrderAppModule,
  grpc: { packages: [GrpcContracts.order.package], protoPaths: [GrpcContracts.order.protoPath] },
};
