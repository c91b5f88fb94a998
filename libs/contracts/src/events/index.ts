export * from './event-envelope';
export * from './notification/notification-dead-lettered.v1';
export * from './order/order-events.v1';
export * from './payment/payment-events.v1';
export * from './saga/inventory-saga.v1';
export * from './saga/payment-saga.v1';
export * from './shared/money';
export * from './user/user-registered.v1';
