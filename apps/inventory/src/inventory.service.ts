import { GrpcContracts } from '@shop/contracts';
import type { RunServiceOptions } from '@shop/platform';
import { InventoryAppModule } from './inventory-app.module';
import { inventoryConfigSchema } from './inventory.config';

/** How the inventory service boots: main.ts runs it, and its tests start it the same way (testing/inventory.under-test.ts). */
export const inventoryService: RunServiceOptions<typeof inventoryConfigSchema> = {
  name: 'inventory',
  configSchema: inventoryConfigSchema,
  module: InventoryAppModule,
  grpc: { packages: [GrpcContracts.inventory.package], protoPaths: [GrpcContracts.inventory.protoPath] },
};
