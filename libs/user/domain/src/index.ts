export * from './lib/address';
export * from './lib/email';
export * from './lib/refresh-token-rotation';
export * from './lib/user';
export * from './lib/user-errors';
export * from './lib/user-registered.event';
