import { messagingMigrations } from '@shop/messaging';
import { CreatePayments1764300000000 } from './1764300000000-create-payments';

/** Every migration of payment_db, in order. Run by `node dist/apps/payment/src/migrate.js`. */
export const paymentMigrations = [...messagingMigrations, CreatePayments1764300000000];
