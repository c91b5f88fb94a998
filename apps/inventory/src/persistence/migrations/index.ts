import { messagingMigrations } from '@shop/messaging';

/** Every migration of inventory_db, in order. The inventory tables arrive with the shop issue (#3). */
export const inventoryMigrations = [...messagingMigrations];
