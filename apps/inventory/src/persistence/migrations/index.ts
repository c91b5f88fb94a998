import { messagingMigrations } from '@shop/messaging';
import { CreateCatalogAndStock1764300000000 } from './1764300000000-create-catalog-and-stock';

/** Every migration of inventory_db, in order. Run by `node dist/apps/inventory/src/migrate.js`. */
export const inventoryMigrations = [...messagingMigrations, CreateCatalogAndStock1764300000000];
