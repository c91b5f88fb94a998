import { GrpcContracts } from '@shop/contracts';
import { GrpcClientsModule } from '@shop/platform';

export const USER_CLIENT = Symbol('USER_CLIENT');
export const NOTIFICATION_CLIENT = Symbol('NOTIFICATION_CLIENT');
export const INVENTORY_CLIENT = Symbol('INVENTORY_CLIENT');
export const ORDER_CLIENT = Symbol('ORDER_CLIENT');

/** Every service the gateway calls, one long-lived client each. */
export const GatewayGrpcClients = GrpcClientsModule.register([
  { token: USER_CLIENT, ...GrpcContracts.user, urlConfigKey: 'USER_GRPC_URL' },
  { token: NOTIFICATION_CLIENT, ...GrpcContracts.notification, urlConfigKey: 'NOTIFICATION_GRPC_URL' },
  { token: INVENTORY_CLIENT, ...GrpcContracts.inventory, urlConfigKey: 'INVENTORY_GRPC_URL' },
  { token: ORDER_CLIENT, ...GrpcContracts.order, urlConfigKey: 'ORDER_GRPC_URL' },
]);
