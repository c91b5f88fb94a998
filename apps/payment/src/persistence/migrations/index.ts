import { messagingMigrations } from '@shop/messaging';

/** Every migration of payment_db, in order. The payment tables arrive with the shop issue (#3). */
export const paymentMigrations = [...messagingMigrations];
