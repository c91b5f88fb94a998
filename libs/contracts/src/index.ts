export * from './auth/access-token.v1';
export * from './events';
export * from './proto-paths';
export * as userV1 from './generated/shop/user/v1/user';
export * as healthV1 from './generated/grpc/health/v1/health';
export * as inventoryV1 from './generated/shop/inventory/v1/inventory';
export * as notificationV1 from './generated/shop/notification/v1/notification';
export * as orderV1 from './generated/shop/order/v1/order';
