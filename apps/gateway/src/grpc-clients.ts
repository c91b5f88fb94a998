import { GrpcContracts } from '@shop/contracts';
import { GrpcClientsModule } from '@shop/platform';

export const USER_CLIENT = Symbol('USER_CLIENT');
export const NOTIFICATION_CLIENT = Symbol('NOTIFICATION_CLIENT');
export const INVENTORY_CLIENT = Symbol('INVENTORY_CLIENT');
export const ORDER_CLIENT = Symbol('ORDER_CLIENT');

/** Every service the gateway calls, one long-lived client each. */
export const GatewayGrpcClients = GrpcClientsModule.register([
  {
    token: USER_CLIENT,
    package: GrpcContracts.user.package,
    service: GrpcContracts.user.service,
    protoPath: GrpcContracts.user.protoPath,
    urlConfigKey: 'USER_GRPC_URL',
  },
  {
    token: NOTIFICATION_CLIENT,
    package: GrpcContracts.notification.package,
    service: GrpcContracts.notification.service,
    protoPath: GrpcContracts.notification.protoPath,
    urlConfigKey: 'NOTIFICATION_GRPC_URL',
  },
  {
    token: INVENTORY_CLIENT,
    package: GrpcContracts.inventory.package,
    service: GrpcContracts.inventory.service,
    protoPath: GrpcContracts.inventory.protoPath,
    urlConfigKey: 'INVENTORY_GRPC_URL',
  },
  {
    token: ORDER_CLIENT,
    package: GrpcContracts.order.package,
    service: GrpcContracts.order.service,
    protoPath: GrpcContracts.order.protoPath,
    urlConfigKey: 'ORDER_GRPC_URL',
  },
]);
