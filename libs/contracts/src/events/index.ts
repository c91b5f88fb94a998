export * from './event-envelope';
export * from './user/user-registered.v1';
