// Applies pending migrations to inventory_db, then exits. Run before the service
// starts (make up, the compose migrate job, the Kubernetes migration Job).
import { runMigrations } from '@shop/platform';
import { inventoryMigrations } from './persistence/migrations';

runMigrations({ name: 'inventory', migrations: inventoryMigrations });
