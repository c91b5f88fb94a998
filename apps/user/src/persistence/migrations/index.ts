import { messagingMigrations } from '@shop/messaging';
import { CreateUsers1764200000000 } from './1764200000000-create-users';
import { Identity1764300000000 } from './1764300000000-identity';

/** Every migration of user_db, in order. Run by `node dist/apps/user/src/migrate.js`. */
export const userMigrations = [...messagingMigrations, CreateUsers1764200000000, Identity1764300000000];
