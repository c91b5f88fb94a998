// Applies pending migrations to user_db, then exits. Run before the service
// starts (make up, the compose migrate job, the Kubernetes migration Job).
import { runMigrations } from '@shop/platform';
import { userMigrations } from './persistence/migrations';

runMigrations({ name: 'user', migrations: userMigrations });
