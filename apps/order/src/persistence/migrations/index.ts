import { messagingMigrations } from '@shop/messaging';

/** Every migration of order_db, in order. The order tables arrive with the shop issue (#3). */
export const orderMigrations = [...messagingMigrations];
