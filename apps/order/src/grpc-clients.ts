import { GrpcContracts } from '@shop/contracts';
import { GrpcClientsModule } from '@shop/platform';

export const INVENTORY_CLIENT = Symbol('INVENTORY_CLIENT');

/** The services order calls, one long-lived client each; INVENTORY_GRPC_URL in order's config. */
export const OrderGrpcClients = GrpcClientsModule.register([
  { token: INVENTORY_CLIENT, ...GrpcContracts.inventory, urlConfigKey: 'INVENTORY_GRPC_URL' },
]);
