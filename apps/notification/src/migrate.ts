// Applies pending migrations to notification_db, then exits. Run before the service
// starts (make up, the compose migrate job, the Kubernetes migration Job).
import { runMigrations } from '@shop/platform';
import { notificationMigrations } from './persistence/migrations';

runMigrations({ name: 'notification', migrations: notificationMigrations });
