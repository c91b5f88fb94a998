// Telemetry first: it patches http, grpc, pg, ioredis and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { GrpcContracts } from '@shop/contracts';
import { runService } from '@shop/platform';
import { InventoryAppModule } from './inventory-app.module';
import { inventoryConfigSchema } from './inventory.config';

runService({
  name: 'inventory',
  configSchema: inventoryConfigSchema,
  module: InventoryAppModule,
  grpc: { packages: [GrpcContracts.inventory.package], protoPaths: [GrpcContracts.inventory.protoPath] },
});
