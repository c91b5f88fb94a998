import { messagingMigrations } from '@shop/messaging';
import { CreateOrdersAndSagas1764400000000 } from './1764400000000-create-orders-and-sagas';
import { SagaTraceContext1764500000000 } from './1764500000000-saga-trace-context';

/** Every migration of order_db, in order. Run by `node dist/apps/order/src/migrate.js`. */
export const orderMigrations = [
  ...messagingMigrations,
  CreateOrdersAndSagas1764400000000,
  SagaTraceContext1764500000000,
];
