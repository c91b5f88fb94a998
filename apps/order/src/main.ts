// Telemetry first: it patches http, grpc, pg and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { GrpcContracts } from '@shop/contracts';
import { runService } from '@shop/platform';
import { OrderAppModule } from './order-app.module';
import { orderConfigSchema } from './order.config';

runService({
  name: 'order',
  configSchema: orderConfigSchema,
  module: OrderAppModule,
  grpc: { packages: [GrpcContracts.order.package], protoPaths: [GrpcContracts.order.protoPath] },
});
