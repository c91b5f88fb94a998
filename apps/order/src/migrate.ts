// Applies pending migrations to order_db, then exits. Run before the service
// starts (make up, the compose migrate job, the Kubernetes migration Job).
import { runMigrations } from '@shop/platform';
import { orderMigrations } from './persistence/migrations';

runMigrations({ name: 'order', migrations: orderMigrations });
