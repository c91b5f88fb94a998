import { join } from 'node:path';

/**
 * Where the .proto files are at run time. The build copies libs/contracts/proto
 * next to the compiled code (dist/libs/contracts/proto), so this resolves the
 * same from source (tests) and from dist (services).
 */
export const PROTO_ROOT = join(__dirname, '..', 'proto');

/** Absolute path of a proto file, e.g. protoPath('shop/user/v1/user.proto'). */
export const protoPath = (relativePath: string): string => join(PROTO_ROOT, relativePath);

/** gRPC packages and their proto files, one entry per service contract. */
export const GrpcContracts = {
  health: {
    package: 'grpc.health.v1',
    service: 'Health',
    protoPath: protoPath('grpc/health/v1/health.proto'),
  },
  user: { package: 'shop.user.v1', service: 'UserService', protoPath: protoPath('shop/user/v1/user.proto') },
  inventory: {
    package: 'shop.inventory.v1',
    service: 'InventoryService',
    protoPath: protoPath('shop/inventory/v1/inventory.proto'),
  },
  notification: {
    package: 'shop.notification.v1',
    service: 'NotificationService',
    protoPath: protoPath('shop/notification/v1/notification.proto'),
  },
  order: {
    package: 'shop.order.v1',
    service: 'OrderService',
    protoPath: protoPath('shop/order/v1/order.proto'),
  },
} as const;
