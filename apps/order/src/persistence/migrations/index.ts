import { messagingMigrations } from '@shop/messaging';
import { CreateOrdersAndSagas1764400000000 } from './1764400000000-create-orders-and-sagas';

/** Every migration of order_db, in order. Run by `node dist/apps/order/src/migrate.js`. */
export const orderMigrations = [...messagingMigrations, CreateOrdersAndSagas1764400000000];
