// Applies pending migrations to payment_db, then exits. Run before the service
// starts (make up, the compose migrate job, the Kubernetes migration Job).
import { runMigrations } from '@shop/platform';
import { paymentMigrations } from './persistence/migrations';

runMigrations({ name: 'payment', migrations: paymentMigrations });
