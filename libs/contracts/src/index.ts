export * from './events/event-envelope';
export * from './proto-paths';
export * as userV1 from './generated/shop/user/v1/user';
