export * from './lib/payment';
export * from './lib/payment-errors';
export * from './lib/payment-events';
export * from './lib/payment-status';
