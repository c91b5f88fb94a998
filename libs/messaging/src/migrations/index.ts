import { CreateInboxTable1764144000001 } from './create-inbox-table.migration';
import { CreateOutboxTable1764144000000 } from './create-outbox-table.migration';

/** Both tables, for a service's migration list: `migrations: [...messagingMigrations, ...own]`. */
export const messagingMigrations = [CreateOutboxTable1764144000000, CreateInboxTable1764144000001];
