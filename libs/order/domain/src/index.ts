export * from './lib/order';
export * from './lib/order-errors';
export * from './lib/order-events';
export * from './lib/idempotency/idempotency-key';
export * from './lib/saga/place-order-saga';
export * from './lib/saga/saga-messages';
export * from './lib/saga/saga-state';
