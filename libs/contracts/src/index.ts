export * from './events';
export * from './proto-paths';
export * as userV1 from './generated/shop/user/v1/user';
export * as healthV1 from './generated/grpc/health/v1/health';
