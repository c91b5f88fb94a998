export * from './lib/address';
export * from './lib/email';
export * from './lib/iso-3166-alpha2';
export * from './lib/refresh-token-rotation';
export * from './lib/user';
export * from './lib/user-errors';
export * from './lib/user-registered.event';
